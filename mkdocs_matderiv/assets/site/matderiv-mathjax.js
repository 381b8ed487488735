// MathJax 4 for matderiv's pages: pymdownx.arithmatex in generic mode (the MkDocs docs site, as
// mkdocs-material documents it) and Sphinx's math nodes (front/sphinx.py serves this folder).
// Everything is served from the site (this folder, see VENDOR.txt): no CDN, no font downloads.
// MathJax 4 breaks a display that is wider than its column at = or + (displayOverflow), and
// in-line math at the browser's line ends, so no derivation is cut off on a narrow screen.
(function () {
  const script = document.currentScript;
  const here = script ? script.src.replace(/[^/]*$/, "") : "matderiv/";
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
      processHtmlClass: "arithmatex|math",      // arithmatex's spans and divs; Sphinx's .math
      // Screen readers get MathML (as with MathJax 3); the speech engine is off: it would
      // fetch its rule files and make a long page typeset ten times slower.
      menuOptions: { settings: { enrich: false, speech: false, braille: false, assistiveMml: true } }
    },
    output: {
      font: "mathjax-newcm",
      displayOverflow: "linebreak",
      // 97%: MathJax's estimate of a broken line's width can be a few px short (a stretchy
      // delimiter opened on the line before), which would push it past the column on a phone
      linebreaks: { inline: true, width: "97%" }
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
