"""Zarr v2 metadata through the Jupyter server's /files/.

Zarr v2 keeps a node's metadata in dot files (.zgroup, .zarray, .zattrs, and the consolidated
.zmetadata), which a Jupyter server refuses to serve unless ContentsManager.allow_hidden is on
(that serves every hidden file). For a contents manager that keeps files on disk, this module
swaps its /files/ handler for one that also serves those four names, in folders that are not
hidden themselves; every other hidden file stays refused. An endpoint tells the frontend whether
the server serves them, so that a store that fails to open gets the right explanation.
"""

from __future__ import annotations

import json
import os

from jupyter_core.paths import is_hidden
from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler, AuthenticatedFileHandler
from jupyter_server.services.contents.filemanager import FileManagerMixin
from jupyter_server.utils import url_path_join
from tornado import web

ZARR_V2_METADATA = frozenset({".zgroup", ".zarray", ".zattrs", ".zmetadata"})

# The frontend asks here whether Zarr v2 metadata is served (src/extension/store-source.ts).
STATUS_PATH = "hdmf-zarr/zarr-metadata"


class ZarrMetadataFileHandler(AuthenticatedFileHandler):
    """/files/ as the server serves it, plus the Zarr v2 metadata files of visible folders."""

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        name = os.path.basename(absolute_path)
        if self.contents_manager.allow_hidden or name not in ZARR_V2_METADATA:
            return super().validate_absolute_path(root, absolute_path)
        # tornado's own checks (inside the root, exists, is a file), without the hidden-file rule;
        # then the rule for every folder above the file.
        abs_path = web.StaticFileHandler.validate_absolute_path(self, root, absolute_path)
        if abs_path is not None and is_hidden(os.path.dirname(abs_path), os.path.abspath(root)):
            self.log.info("Refusing to serve %s: it is in a hidden folder", absolute_path)
            raise web.HTTPError(404)
        return abs_path


def _configured(serverapp, cm_class) -> dict:
    """The configuration of the contents manager's classes (most specific last wins)."""
    found: dict = {}
    for section in cm_class.section_names():
        if section in serverapp.config:
            found.update(serverapp.config[section])
    return found


def serve_zarr_metadata(serverapp) -> str | None:
    """Configure the contents manager of `serverapp` (not created yet) to serve Zarr v2 metadata
    files. Returns None when it will, else why it stands aside."""
    cm_class = serverapp.contents_manager_class
    configured = _configured(serverapp, cm_class)
    if configured.get("allow_hidden") is True:
        return None  # every hidden file is served already
    if "allow_hidden" in configured:
        return "ContentsManager.allow_hidden is set to False in the server's configuration"
    if "files_handler_class" in configured:
        return f"{cm_class.__name__}.files_handler_class is set in the server's configuration"
    if not issubclass(cm_class, FileManagerMixin):
        return f"the contents manager {cm_class.__name__} does not keep files on disk"
    serverapp.config[cm_class.__name__]["files_handler_class"] = ZarrMetadataFileHandler
    return None


def metadata_served(serverapp) -> bool:
    """Whether /files/ of the running server serves Zarr v2 metadata files."""
    cm = serverapp.contents_manager
    handler = getattr(cm, "files_handler_class", None)
    return bool(cm.allow_hidden) or (isinstance(handler, type) and issubclass(handler, ZarrMetadataFileHandler))


class ZarrMetadataStatusHandler(APIHandler):
    """GET: {"served": bool, "reason": str | null} — whether Zarr v2 metadata files are served."""

    auth_resource = "contents"

    @web.authenticated
    @authorized
    def get(self) -> None:
        serverapp = self.settings["serverapp"]
        served = metadata_served(serverapp)
        reason = None if served else getattr(serverapp, "_hdmf_zarr_not_served", None)
        self.finish(json.dumps({"served": served, "reason": reason}))


def load_extension(serverapp, not_served: str | None) -> None:
    """Add the status endpoint and say in the log what the extension did."""
    route = url_path_join(serverapp.base_url, STATUS_PATH)
    serverapp.web_app.add_handlers(".*$", [(route, ZarrMetadataStatusHandler)])
    if metadata_served(serverapp):
        serverapp.log.info("hdmf-zarr: /files/ serves Zarr v2 metadata files (.zgroup, .zarray, .zattrs, .zmetadata)")
    else:
        serverapp.log.warning(
            "hdmf-zarr: Zarr v2 metadata files are not served (%s); the store browser cannot open Zarr v2 "
            "stores unless the server runs with ContentsManager.allow_hidden = True",
            not_served or "the contents manager's /files/ handler is not ours",
        )
