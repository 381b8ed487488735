// MathJax 4 for pymdownx.arithmatex in generic mode, as mkdocs-material documents it.
// Everything is served from this site (javascripts/mathjax*, see VENDOR.txt): no CDN, no font
// downloads. MathJax 4 breaks a display that is wider than its column at = or + (displayOverflow),
// and in-line math at the browser's line ends, so no derivation is cut off on a narrow screen.
(function () {
  const script = document.currentScript;
  const here = script ? script.src.replace(/[^/]*$/, "") : "javascripts/";
  window.MathJax = {
    loader: {
      paths: { mathjax: here + "mathjax", fonts: here.replace(/\/$/, "") }
    },
    tex: {
      inlineMath: [["\\(", "\\)"]],
      displayMath: [["\\[", "\\]"]],
      processEscapes: true,
      processEnvironments: true
    },
    options: {
      ignoreHtmlClass: ".*|",
      processHtmlClass: "arithmatex",
      // Screen readers get MathML (as with MathJax 3); the speech engine is off: it would
      // fetch its rule files and make a long page typeset ten times slower.
      menuOptions: { settings: { enrich: false, speech: false, braille: false, assistiveMml: true } }
    },
    output: {
      font: "mathjax-newcm",
      displayOverflow: "linebreak",
      linebreaks: { inline: true, width: "100%" }
    },
    svg: { fontCache: "global" }
  };
})();

// mkdocs-material swaps pages without reloading them (instant navigation): typeset each new page.
if (typeof document$ !== "undefined") {
  document$.subscribe(() => {
    if (!window.MathJax.startup || !window.MathJax.typesetPromise) return;
    MathJax.typesetClear();
    MathJax.texReset();
    MathJax.typesetPromise();
  });
}
