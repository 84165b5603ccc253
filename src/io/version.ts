/** The version of this package (hdmf-zarr's `__version__`); a test keeps it equal to package.json's. */
export const version = "0.1.0";
