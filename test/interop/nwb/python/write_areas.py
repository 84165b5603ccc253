"""Write one small NWB file per area with pynwb + hdmf-zarr (Zarr v3): OUT_DIR/<area>.nwb.zarr.

Every value is fixed, so two runs write the same content (object ids aside).
Usage: write_areas.py OUT_DIR [AREA ...]
"""
import sys
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from hdmf_zarr.nwb import NWBZarrIO
from pynwb import NWBFile, TimeSeries
from pynwb.base import Images
from pynwb.behavior import Position, SpatialSeries
from pynwb.ecephys import LFP, ElectricalSeries
from pynwb.file import Subject
from pynwb.image import GrayscaleImage, RGBImage
from pynwb.misc import AnnotationSeries, IntervalSeries, Units
from pynwb.ophys import Fluorescence, ImageSegmentation, OpticalChannel, RoiResponseSeries, TwoPhotonSeries

START = datetime(2024, 3, 5, 10, 30, 0, tzinfo=timezone.utc)


def new_file(area):
    return NWBFile(
        session_description=f"interop area {area}",
        identifier=f"interop-{area}",
        session_start_time=START,
        file_create_date=[datetime(2024, 3, 6, 8, 0, 0, tzinfo=timezone.utc)],
        experimenter=["Doe, Jane", "Roe, Rick"],
        lab="Lab of Tests",
        institution="Interop Institute",
        experiment_description="deterministic interop content",
        session_id="s-001",
        keywords=["interop", area],
        subject=Subject(subject_id="mouse-1", species="Mus musculus", sex="F", age="P90D", description="a test mouse"),
    )


def ecephys():
    f = new_file("ecephys")
    dev = f.create_device(name="probe", description="a silicon probe", manufacturer="Acme")
    grp = f.create_electrode_group(name="shank0", description="first shank", location="CA1", device=dev)
    for i in range(4):
        f.add_electrode(group=grp, location="CA1", x=float(i), y=2.0 * i, z=-1.5, imp=float(1000 + i), filtering="none")
    region = f.create_electrode_table_region(region=[0, 1, 2, 3], description="all electrodes")
    data = (np.arange(40, dtype=np.int16).reshape(10, 4) - 20) * 3
    es = ElectricalSeries(name="raw", data=data, electrodes=region, starting_time=0.5, rate=1000.0,
                          conversion=0.195e-6, offset=0.001, filtering="none", description="raw voltage")
    f.add_acquisition(es)
    lfp_region = f.create_electrode_table_region(region=[1, 3], description="two electrodes")
    lfp_es = ElectricalSeries(name="lfp_series", data=np.linspace(-1, 1, 12, dtype=np.float32).reshape(6, 2),
                              electrodes=lfp_region, timestamps=[0.25, 0.26, 0.275, 0.28, 0.3, 0.32],
                              description="filtered")
    mod = f.create_processing_module(name="ecephys", description="processed ephys")
    mod.add(LFP(electrical_series=lfp_es, name="LFP"))
    f.units = Units(name="units", resolution=1 / 30000, electrode_table=f.electrodes, description="sorted units")
    f.add_unit_column(name="quality", description="sorting quality")
    f.add_unit(spike_times=[0.1, 0.25, 0.5], electrodes=[0, 1], quality="good", id=10)
    f.add_unit(spike_times=[], electrodes=[2], quality="mua", id=11)
    f.add_unit(spike_times=[1.0, 1.5, 2.0, 2.5], electrodes=[1, 2, 3], quality="good", id=12)
    return f


def ophys():
    f = new_file("ophys")
    dev = f.create_device(name="microscope", description="two-photon", manufacturer="Scopes Inc")
    ch = OpticalChannel(name="green", description="GCaMP channel", emission_lambda=520.0)
    plane = f.create_imaging_plane(name="plane0", optical_channel=ch, description="layer 2/3", device=dev,
                                   excitation_lambda=920.0, imaging_rate=30.0, indicator="GCaMP6f", location="VISp",
                                   grid_spacing=[0.5, 0.5], grid_spacing_unit="micrometers",
                                   origin_coords=[1.0, 2.0], origin_coords_unit="millimeters")
    frames = (np.arange(6 * 5 * 4, dtype=np.uint16).reshape(6, 5, 4) * 7) % 251
    tps = TwoPhotonSeries(name="tps", data=frames, imaging_plane=plane, rate=30.0, starting_time=0.0, unit="n.a.",
                          field_of_view=[0.25, 0.2], dimension=[5, 4], description="frames")
    f.add_acquisition(tps)
    mod = f.create_processing_module(name="ophys", description="optical physiology")
    seg = ImageSegmentation(name="ImageSegmentation")
    mod.add(seg)
    ps = seg.create_plane_segmentation(name="PlaneSegmentation", description="rois", imaging_plane=plane,
                                       reference_images=tps)
    ps.add_roi(pixel_mask=[(0, 0, 1.0), (0, 1, 0.5)])
    ps.add_roi(pixel_mask=[(2, 3, 0.25)])
    ps.add_roi(pixel_mask=[(4, 0, 0.75), (4, 1, 0.5), (3, 1, 0.125)])
    rois = ps.create_roi_table_region(region=[0, 2], description="two rois")
    rrs = RoiResponseSeries(name="dff", data=np.array([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], dtype=np.float32),
                            rois=rois, unit="n.a.", rate=30.0, starting_time=0.0)
    mod.add(Fluorescence(roi_response_series=rrs, name="Fluorescence"))
    return f


def behavior():
    f = new_file("behavior")
    pos = Position(name="Position")
    pos.create_spatial_series(name="xy", data=np.array([[0.0, 0.5], [1.0, 1.5], [2.0, 2.5], [3.0, np.nan]]),
                              timestamps=[0.0, 0.1, 0.25, 0.3], reference_frame="top-left corner", unit="meters",
                              description="animal position")
    mod = f.create_processing_module(name="behavior", description="behavioral data")
    mod.add(pos)
    return f


def misc():
    f = new_file("misc")
    ann = AnnotationSeries(name="notes", data=["start", "reward", "stop"], timestamps=[0.0, 1.25, 3.5],
                           description="experimenter notes")
    f.add_acquisition(ann)
    iv = IntervalSeries(name="light", description="light on/off", data=np.array([1, -1, 1, -1], dtype=np.int8),
                        timestamps=[0.5, 1.0, 2.0, 2.75])
    f.add_acquisition(iv)
    return f


def intervals():
    f = new_file("intervals")
    ts = TimeSeries(name="signal", data=np.arange(20, dtype=np.float64) * 0.5, unit="volts", rate=10.0,
                    starting_time=0.0, description="a signal")
    f.add_acquisition(ts)
    f.add_trial_column(name="correct", description="answer was right")
    f.add_trial(start_time=0.0, stop_time=0.5, correct=True, timeseries=[ts])
    f.add_trial(start_time=0.6, stop_time=1.2, correct=False, timeseries=[ts])
    f.add_trial(start_time=1.3, stop_time=1.9, correct=True, timeseries=[ts])
    f.add_epoch(start_time=0.0, stop_time=1.0, tags=["baseline"], timeseries=[ts])
    f.add_epoch(start_time=1.0, stop_time=2.0, tags=["task", "light"], timeseries=[ts])
    return f


def images():
    f = new_file("images")
    gray = GrayscaleImage(name="gray", data=(np.arange(12, dtype=np.uint8).reshape(3, 4) * 20), resolution=2.5,
                          description="a gray image")
    rgb = RGBImage(name="rgb", data=(np.arange(3 * 2 * 3, dtype=np.uint8).reshape(3, 2, 3) * 10), description="colour")
    f.add_acquisition(Images(name="pictures", images=[gray, rgb], description="two images"))
    return f


AREAS = {"ecephys": ecephys, "ophys": ophys, "behavior": behavior, "misc": misc, "intervals": intervals, "images": images}


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for area in sys.argv[2:] or AREAS:
        with NWBZarrIO(str(out / f"{area}.nwb.zarr"), mode="w") as io:
            io.write(AREAS[area]())
        print(f"wrote {area}")


if __name__ == "__main__":
    main()
