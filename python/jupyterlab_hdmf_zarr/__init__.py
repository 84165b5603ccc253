"""The JupyterLab extension of hdmf-zarr: the prebuilt frontend (installed as data files under
share/jupyter/labextensions/hdmf-zarr) and a server extension that lets the Jupyter server serve
Zarr v2 metadata files, which it otherwise refuses as hidden files."""

from importlib.metadata import PackageNotFoundError, version

from .zarr_metadata import load_extension, serve_zarr_metadata

try:
    __version__ = version("jupyterlab-hdmf-zarr")
except PackageNotFoundError:  # imported from the source tree, not installed
    __version__ = "unknown"


def _jupyter_server_extension_points():
    return [{"module": "jupyterlab_hdmf_zarr"}]


def _link_jupyter_server_extension(serverapp):
    # Linking runs before the contents manager and the web app exist: the /files/ handler is
    # chosen here, through the server's configuration.
    serverapp._hdmf_zarr_not_served = serve_zarr_metadata(serverapp)


def _load_jupyter_server_extension(serverapp):
    load_extension(serverapp, serverapp._hdmf_zarr_not_served)
