"""NWB interop for an extension from PyPI: ndx-pose (pinned in requirements-v3.txt).

Commands (each imports ndx_pose first, so pynwb uses the extension's own classes):
  write_extension.py write OUT_DIR          write OUT_DIR/extension.nwb.zarr (fixed values)
  write_extension.py dump FILE [--out F]    dump_nwb.py with the extension loaded
  write_extension.py validate FILE [...]    validate_nwb.py with the extension loaded
The file holds, in processing/behavior: Skeletons with a Skeleton (nodes, uint8 edges, a link to
the Subject) and a PoseEstimation (text and uint8 datasets, a version attribute, links to the
Skeleton, a Device and two ImageSeries) with two PoseEstimationSeries (float32 data,
confidence, with and without its definition attribute).
"""
import sys
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from ndx_pose import PoseEstimation, PoseEstimationSeries, Skeleton, Skeletons
from hdmf_zarr.nwb import NWBZarrIO
from pynwb import NWBFile
from pynwb.file import Subject
from pynwb.image import ImageSeries

sys.path.insert(0, str(Path(__file__).parent))
import dump_nwb  # noqa: E402
import validate_nwb  # noqa: E402

START = datetime(2024, 3, 5, 10, 30, 0, tzinfo=timezone.utc)


def extension_file():
    f = NWBFile(
        session_description="interop area extension",
        identifier="interop-extension",
        session_start_time=START,
        file_create_date=[datetime(2024, 3, 6, 8, 0, 0, tzinfo=timezone.utc)],
        experimenter=["Doe, Jane"],
        lab="Lab of Tests",
        institution="Interop Institute",
        subject=Subject(subject_id="mouse-1", species="Mus musculus", sex="F", age="P90D", description="a test mouse"),
    )
    camera = f.create_device(name="camera", description="top-down camera", manufacturer="Cams Ltd")
    frames = (np.arange(5 * 3 * 4, dtype=np.uint8).reshape(5, 3, 4) * 3)
    video = ImageSeries(name="video", description="source video", unit="n.a.", data=frames, rate=30.0, starting_time=0.0)
    f.add_acquisition(video)
    # Without labeled_video pynwb reads source_video into both links (both target ImageSeries).
    labeled = ImageSeries(name="labeled_video", description="video with the estimates drawn", unit="n.a.",
                          data=255 - frames, rate=30.0, starting_time=0.0)
    f.add_acquisition(labeled)
    skeleton = Skeleton(name="mouse_skeleton", nodes=["nose", "left_ear", "right_ear"],
                        edges=np.array([[0, 1], [0, 2], [1, 2]], dtype=np.uint8), subject=f.subject)
    times = [0.0, 1 / 30, 2 / 30, 0.1, 0.125]
    nose = PoseEstimationSeries(name="nose", description="nose tip", reference_frame="(0,0) is top left",
                                data=np.array([[10.0, 20.0], [10.5, 20.25], [11.0, np.nan], [11.5, 21.0], [12.0, 21.5]],
                                              dtype=np.float32),
                                unit="pixels", confidence=np.array([0.9, 0.8, 0.1, 0.95, 0.5], dtype=np.float32),
                                confidence_definition="softmax output", timestamps=times)
    ear = PoseEstimationSeries(name="left_ear", description="left ear base", reference_frame="(0,0) is top left",
                               data=np.array([[5.0, 2.0], [5.25, 2.5], [5.5, 3.0], [5.75, 3.5], [6.0, 4.0]], dtype=np.float32),
                               unit="pixels", confidence=np.array([0.5, 0.625, 0.75, 0.875, 1.0], dtype=np.float32),
                               timestamps=times)
    pose = PoseEstimation(name="PoseEstimation", pose_estimation_series=[nose, ear], description="paw positions",
                          original_videos=["video.mp4"], labeled_videos=["video_labeled.mp4"],
                          dimensions=np.array([[200, 150]], dtype=np.uint8),
                          scorer="DLC_resnet50", source_software="DeepLabCut", source_software_version="2.3.8",
                          skeleton=skeleton, device=camera, source_video=video, labeled_video=labeled)
    mod = f.create_processing_module(name="behavior", description="pose estimation")
    mod.add(Skeletons(skeletons=[skeleton]))
    mod.add(pose)
    return f


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "write":
        out = Path(args[0])
        out.mkdir(parents=True, exist_ok=True)
        with NWBZarrIO(str(out / "extension.nwb.zarr"), mode="w") as io:
            io.write(extension_file())
        print("wrote extension")
    elif cmd in ("dump", "validate"):
        sys.argv = [sys.argv[0], *args]
        (dump_nwb if cmd == "dump" else validate_nwb).main()
    else:
        raise SystemExit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
