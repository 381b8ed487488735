// mkdocs-matderiv: typeset the page's .arithmatex math (\( \) and \[ \], arithmatex's
// generic mode) with the KaTeX shipped in the package, loaded from beside this file.
// Run again on the same page (mkdocs-material's instant navigation), it only typesets.
(function () {
  "use strict";
  var options = {
    delimiters: [
      {left: "\\[", right: "\\]", display: true},
      {left: "\\(", right: "\\)", display: false}
    ],
    throwOnError: false
  };
  function typeset() {
    document.querySelectorAll(".arithmatex").forEach(function (el) {
      window.renderMathInElement(el, options);
    });
  }
  if (window.renderMathInElement) {
    typeset();
    return;
  }
  var base = document.currentScript.src.replace(/[^\/]*$/, "") + "katex/";
  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = base + "katex.min.css";
  document.head.appendChild(css);
  function load(src, then) {
    var script = document.createElement("script");
    script.src = base + src;
    script.onload = then;
    document.head.appendChild(script);
  }
  load("katex.min.js", function () { load("contrib/auto-render.min.js", typeset); });
})();
