// mkdocs-matderiv: typeset the page's .arithmatex math (\( \) and \[ \], arithmatex's
// generic mode) with the MathJax 4 shipped in the package (it breaks a long display to the
// column), configured by matderiv-mathjax.js and loaded from beside this file.
// Run again on the same page (instant navigation), it only typesets, unless the configuration
// already does so on mkdocs-material's document$ (never twice).
// A notebook page (mkdocs-jupyter) is typeset as Jupyter does: $…$ and $$…$$ anywhere in its
// text but code, so what derive() and %%matderiv display (their Markdown) is math too, and a
// display too wide for the column scrolls.
(function () {
  "use strict";
  if (window.MathJax && window.MathJax.typesetPromise) {
    if (typeof document$ !== "undefined") return;
    window.MathJax.typesetClear();
    window.MathJax.texReset();
    window.MathJax.typesetPromise();
    return;
  }
  var base = document.currentScript.src.replace(/[^\/]*$/, "") + "mathjax/";
  var config = document.createElement("script");
  config.src = base + "matderiv-mathjax.js";
  config.onload = function () {
    if (document.querySelector(".jupyter-wrapper")) {
      var tex = window.MathJax.tex;
      tex.inlineMath = tex.inlineMath.concat([["$", "$"]]);
      tex.displayMath = tex.displayMath.concat([["$$", "$$"]]);
      window.MathJax.options.ignoreHtmlClass = "tex2jax_ignore";
      // the notebook's displays are its Markdown's aligned tables, which a line break would cut
      // inside their cells: a wide one scrolls, as in Jupyter itself
      window.MathJax.output.displayOverflow = "scroll";
    }
    var script = document.createElement("script");
    script.src = base + "mathjax/tex-svg.js";
    script.async = true;
    document.head.appendChild(script);
  };
  document.head.appendChild(config);
})();
