// MathJax 3 for pymdownx.arithmatex in generic mode, as mkdocs-material documents it.
// The MathJax bundle (tex-svg-full.js) is served from this site: no CDN, no font downloads.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex"
  },
  svg: {
    fontCache: "global"
  }
};

// mkdocs-material swaps pages without reloading them (instant navigation): typeset each new page.
if (typeof document$ !== "undefined") {
  document$.subscribe(() => {
    if (!window.MathJax.startup || !window.MathJax.typesetPromise) return;
    const output = MathJax.startup.output;
    if (output && typeof output.clearCache === "function") output.clearCache();  // CHTML only
    MathJax.typesetClear();
    MathJax.texReset();
    MathJax.typesetPromise();
  });
}
