// mkdocs-matderiv: typeset the page's .arithmatex math (\( \) and \[ \], arithmatex's
// generic mode) with the KaTeX shipped in the package, loaded from beside this file.
// Run again on the same page (mkdocs-material's instant navigation), it only typesets.
// A notebook page (mkdocs-jupyter) is typeset as Jupyter does: $…$ and $$…$$ in its rendered
// Markdown and LaTeX (cells and outputs, what derive() and %%matderiv display).
(function () {
  "use strict";
  var options = {
    delimiters: [
      {left: "\\[", right: "\\]", display: true},
      {left: "\\(", right: "\\)", display: false}
    ],
    throwOnError: false
  };
  var notebook = {
    delimiters: [
      {left: "$$", right: "$$", display: true},
      {left: "$", right: "$", display: false}
    ].concat(options.delimiters),
    throwOnError: false
  };
  function typeset() {
    document.querySelectorAll(".arithmatex").forEach(function (el) {
      window.renderMathInElement(el, options);
    });
    document.querySelectorAll(".jupyter-wrapper .jp-RenderedMarkdown, .jupyter-wrapper .jp-RenderedLatex")
      .forEach(function (el) { window.renderMathInElement(el, notebook); });
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
