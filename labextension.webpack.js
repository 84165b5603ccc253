// Extra bundler settings for the JupyterLab extension build (package.json jupyterlab.webpackConfig).
const path = require('path');
const { ContextReplacementPlugin } = require('@rspack/core');

const fs = require('fs');

// numcodecs exports only `import` conditions, so require.resolve cannot find it: look it up.
const numcodecs = module.paths.map((p) => path.join(p, 'numcodecs', 'dist')).find((p) => fs.existsSync(p));

module.exports = {
  resolve: {
    alias: {
      // The builder exposes the package's `main` (dist/index.js, the Node library with its
      // file-system store and worker threads) as the shared module "hdmf-zarr". In the browser only
      // the extension makes sense, so that entry resolves to the compiled plugin list instead.
      [path.resolve(__dirname, 'dist/index.js')]: path.resolve(__dirname, 'lib/extension/index.js'),
      // src/zarr/codecs/numcodecs-wasm.ts imports `numcodecs/${name}`: a folder context, which the
      // bundler cannot take through the package's export map; point it at the files themselves.
      numcodecs
    }
  },
  // backend.ts reads __filename only after checking it runs in Node; leave the name alone.
  node: { __filename: false },
  plugins: [
    // Only the five codec modules that numcodecs-wasm.ts names, each its own lazy chunk.
    new ContextReplacementPlugin(/numcodecs[\\/]dist$/, /^\.\/(blosc|zstd|lz4|gzip|zlib)(\.js)?$/)
  ]
};
