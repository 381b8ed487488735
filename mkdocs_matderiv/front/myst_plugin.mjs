// The mystmd plugin of mkdocs-matderiv (Jupyter Book 2, MyST-MD): a ```{matderiv} directive.
// Written into a project by `matderiv-myst plugin > matderiv.mjs` and listed in myst.yml under
// project.plugins. It holds no engine: each block goes to the `matderiv-myst` command of the
// Python package (on the PATH, or $MATDERIV_MYST), which answers with MyST nodes. A JavaScript
// plugin, not an executable one, because only a JavaScript plugin is handed the page (vfile):
// a bad block is an error of the build at its page and line, and the page still builds.
import { spawnSync } from 'node:child_process';
import { relative } from 'node:path';

const COMMAND = process.env.MATDERIV_MYST || 'matderiv-myst';

function bodyLine(node) {
  const body = (node.children || []).find((child) => child.type === 'mystDirectiveBody');
  return body?.position?.start?.line ?? (node.position?.start?.line ?? 0) + 1;
}

function report(vfile, message, line, column, fatal = true) {
  const point = { line, column: column || 1 };
  const msg = vfile.message(message, { start: point, end: point });
  msg.fatal = fatal;
  msg.ruleId = 'matderiv';
  msg.source = 'matderiv';
}

const matderiv = {
  name: 'matderiv',
  doc: 'A step-by-step matrix-calculus derivation, checked numerically (mkdocs-matderiv).',
  options: {
    steps: { type: String, doc: 'full, brief or none' },
    check: { type: Boolean, doc: 'check the result numerically (default true)' },
  },
  body: { type: String, required: true, doc: 'the block: f, wrt, shapes, ...' },
  run(data, vfile) {
    const line = bodyLine(data.node);
    const page = vfile.path ? relative(process.cwd(), vfile.path) : null;
    const request = { body: data.body ?? '', options: data.options ?? {}, page, line };
    const proc = spawnSync(COMMAND, ['derive'], {
      input: JSON.stringify(request), encoding: 'utf-8', maxBuffer: 256 * 1024 * 1024,
    });
    if (proc.error || proc.status !== 0) {
      const why = proc.error
        ? `${COMMAND} could not be run (${proc.error.message}): install mkdocs-matderiv where myst runs`
        : proc.stderr.trim();
      report(vfile, `matderiv: ${why}`, line);
      return [];
    }
    const answer = JSON.parse(proc.stdout);
    if (answer.error) report(vfile, answer.error.message, answer.error.line, answer.error.column);
    for (const warning of answer.warnings || []) report(vfile, warning.message, warning.line, 1, false);
    return answer.nodes;
  },
};

export default { name: 'matderiv', directives: [matderiv] };
