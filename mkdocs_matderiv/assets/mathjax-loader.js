// mkdocs-matderiv: typeset the page's .arithmatex math (\( \) and \[ \], arithmatex's
// generic mode) with the MathJax shipped in the package, loaded from beside this file.
// Run again on the same page (mkdocs-material's instant navigation), it only typesets.
(function () {
  "use strict";
  if (window.MathJax && window.MathJax.typesetPromise) {
    window.MathJax.typesetClear();
    window.MathJax.texReset();
    window.MathJax.typesetPromise();
    return;
  }
  var base = document.currentScript.src.replace(/[^\/]*$/, "");
  window.MathJax = {
    tex: {
      inlineMath: [["\\(", "\\)"]],
      displayMath: [["\\[", "\\]"]],
      processEscapes: true,
      processEnvironments: true
    },
    options: {ignoreHtmlClass: ".*|", processHtmlClass: "arithmatex"},
    svg: {fontCache: "global"}
  };
  var script = document.createElement("script");
  script.src = base + "mathjax/tex-svg-full.js";
  script.async = true;
  document.head.appendChild(script);
})();
