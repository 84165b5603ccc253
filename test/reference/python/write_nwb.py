"""Write the NWB HDF5 file the reference-file tests read: every kind of value LINDI marks.

Usage: write_nwb.py OUT.nwb [--base]
With --base, only the first part below (kerchunk 0.2.10 never returns on icephys tables or on a
TwoPhotonSeries); its values are the same as the whole file's, drawn first from the same seed.
- a TimeSeries with gzip+shuffle chunked data and a NaN resolution attribute;
- a second TimeSeries whose timestamps link (HDF5 soft link) to the first one's;
- a large contiguous float64 dataset (LINDI splits it into chunks, the last one short);
- an electrodes table: text columns and a column of object references to electrode groups;
- epochs whose timeseries column is a compound dataset holding references;
- a units table with a ragged spike_times column;
- the other NWB areas: ophys (a TwoPhotonSeries in 20 chunks, image and pixel masks, fluorescence
  over an ROI region), behavior (Position), icephys (a recording in the intracellular tables),
  ogen, images and an AnnotationSeries.
"""
import sys
from datetime import datetime, timezone

import numpy as np
from hdmf.backends.hdf5.h5_utils import H5DataIO
from pynwb import NWBHDF5IO, NWBFile, TimeSeries
from pynwb.base import Images
from pynwb.behavior import Position, SpatialSeries
from pynwb.ecephys import ElectricalSeries
from pynwb.icephys import CurrentClampSeries, CurrentClampStimulusSeries
from pynwb.image import GrayscaleImage
from pynwb.misc import AnnotationSeries
from pynwb.ogen import OptogeneticSeries
from pynwb.ophys import Fluorescence, ImageSegmentation, OpticalChannel, RoiResponseSeries, TwoPhotonSeries

out = sys.argv[1]
rng = np.random.default_rng(17)
nwb = NWBFile(
    session_description="reference file test", identifier="ref-test-0017",
    session_start_time=datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc),
)
compressed = rng.normal(size=(4000, 3)).astype("float32")
ts = TimeSeries(
    name="compressed", data=H5DataIO(compressed, compression="gzip", compression_opts=4, shuffle=True, chunks=(500, 3)),
    unit="V", timestamps=np.arange(4000, dtype="float64") / 1000.0, resolution=float("nan"),
)
nwb.add_acquisition(ts)
linked = TimeSeries(name="linked", data=np.arange(4000, dtype="int16"), unit="n", timestamps=ts)
nwb.add_acquisition(linked)
contiguous = TimeSeries(name="contiguous", data=rng.uniform(-1e6, 1e6, size=5003), unit="m", rate=30.0, starting_time=1.5)
nwb.add_acquisition(contiguous)

device = nwb.create_device(name="probe")
groups = [nwb.create_electrode_group(name=f"shank{i}", description=f"shank {i}", location="CA1", device=device) for i in range(2)]
for i in range(6):
    nwb.add_electrode(group=groups[i % 2], location=["CA1", "CA3", "DG"][i % 3], x=float(i), y=2.5 * i, z=-1.0)
region = nwb.create_electrode_table_region(region=[0, 2, 4], description="every other electrode")
nwb.add_acquisition(ElectricalSeries(name="ephys", data=rng.integers(-500, 500, size=(300, 3), dtype="int32"), electrodes=region, rate=1000.0))

nwb.add_epoch(0.0, 1.0, tags=["first"], timeseries=[ts])
nwb.add_epoch(1.0, 2.5, tags=["second", "b"], timeseries=[ts, linked])
nwb.add_unit(spike_times=[0.1, 0.25, 0.5])
nwb.add_unit(spike_times=[1.0, 1.5])

def add_other_areas() -> None:
    """ophys, behavior, icephys, ogen, images and annotations."""
    # ophys: frames chunked one per chunk, ROIs as image masks and as pixel masks, their fluorescence.
    channel = OpticalChannel(name="green", description="GCaMP", emission_lambda=525.0)
    plane = nwb.create_imaging_plane(
        name="plane0", optical_channel=channel, description="layer 2/3", device=device, excitation_lambda=920.0,
        imaging_rate=30.0, indicator="GCaMP6f", location="V1",
    )
    frames = rng.integers(0, 4000, size=(20, 16, 16), dtype="uint16")
    nwb.add_acquisition(TwoPhotonSeries(
        name="TwoPhotonSeries", data=H5DataIO(frames, compression="gzip", chunks=(1, 16, 16)), imaging_plane=plane, rate=30.0, unit="a.u.",
    ))
    ophys = nwb.create_processing_module(name="ophys", description="optical physiology")
    segmentation = ImageSegmentation(name="ImageSegmentation")
    ophys.add(segmentation)
    masks = segmentation.create_plane_segmentation(name="masks", description="image masks", imaging_plane=plane)
    for k in range(3):
        mask = np.zeros((16, 16), dtype="float32")
        mask[2 + 4 * k : 5 + 4 * k, 3:7] = 1.0
        masks.add_roi(image_mask=mask)
    pixels = segmentation.create_plane_segmentation(name="pixels", description="pixel masks", imaging_plane=plane)
    for k in range(2):
        pixels.add_roi(pixel_mask=[(k, 1, 1.0), (k + 1, 2, 0.5), (k + 2, 3, 0.25)])
    fluorescence = Fluorescence(name="Fluorescence")
    ophys.add(fluorescence)
    fluorescence.add_roi_response_series(RoiResponseSeries(
        name="dff", data=rng.normal(size=(50, 3)).astype("float32"), rois=masks.create_roi_table_region(region=[0, 1, 2], description="all"),
        unit="dF/F", rate=30.0,
    ))

    # behavior
    behavior = nwb.create_processing_module(name="behavior", description="behavior")
    behavior.add(Position(spatial_series=SpatialSeries(
        name="position", data=np.cumsum(rng.normal(size=(200, 2)), axis=0), reference_frame="arena center", rate=50.0,
    )))

    # icephys: one stimulus/response pair recorded through the intracellular tables.
    electrode = nwb.create_icephys_electrode(name="pipette", description="patch pipette", device=device)
    stimulus = CurrentClampStimulusSeries(name="ccss", data=np.linspace(0, 1e-10, 100), electrode=electrode, gain=1.0, rate=1e4)
    response = CurrentClampSeries(name="ccs", data=rng.normal(-0.065, 0.002, size=100), electrode=electrode, gain=1.0, rate=1e4)
    nwb.add_intracellular_recording(electrode=electrode, stimulus=stimulus, response=response)

    # ogen, images, annotations
    site = nwb.create_ogen_site(name="site0", device=device, description="fiber", excitation_lambda=470.0, location="VTA")
    nwb.add_stimulus(OptogeneticSeries(name="light", data=np.abs(rng.normal(size=120)) * 1e-3, site=site, rate=100.0))
    images = Images(name="reference_images", description="mean images")
    images.add_image(GrayscaleImage(name="mean", data=frames.mean(axis=0)))
    nwb.add_acquisition(images)
    nwb.add_acquisition(AnnotationSeries(name="notes", data=["start", "lever", "reward"], timestamps=[0.5, 1.25, 2.0]))


if "--base" not in sys.argv[2:]:
    add_other_areas()

with NWBHDF5IO(out, "w") as io:
    io.write(nwb)
