// Builds the playground and the map page into ../dist/<page>/ as index.html,
// app.js and app.css. Output names carry no hashes and esbuild's output is
// deterministic, so rebuilding from the same lock file gives identical bytes.
import * as esbuild from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';

const pages = {
  playground: 'src/playground/main.jsx',
  map: 'src/map/main.js',
};

for (const [page, entry] of Object.entries(pages)) {
  const outdir = `../dist/${page}`;
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  await esbuild.build({
    entryPoints: { app: entry },
    outdir,
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020'],
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    // Images and fonts referenced from CSS are inlined, so the pages never
    // fetch anything but their own three files.
    loader: { '.png': 'dataurl', '.svg': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl' },
    charset: 'utf8',
    logLevel: 'warning',
  });
  // index.html is a Go html/template: web.go fills in the GraphQL endpoint.
  await copyFile(`src/${page}/index.html`, `${outdir}/index.html`);
  await copyFile('src/shared/favicon.svg', `${outdir}/favicon.svg`);
}
