"""Write an NWB Zarr file with pynwb and hdmf-zarr for the view tests (test/browser/views-pynwb.test.ts).

Usage: python write_views_nwb.py <path>. Prints the values written as JSON on stdout, so the test
compares what the browser shows against what pynwb wrote.
"""
import json
import sys
from datetime import datetime, timezone

import numpy as np
from hdmf_zarr.nwb import NWBZarrIO
from pynwb import NWBFile
from pynwb.behavior import Position, SpatialSeries
from pynwb.ecephys import ElectricalSeries
from pynwb.image import ImageSeries
from pynwb.ophys import ImageSegmentation, OpticalChannel, TwoPhotonSeries

path = sys.argv[1]
nwbfile = NWBFile(
    session_description="every view on a file pynwb writes",
    identifier="VIEWS-PYNWB",
    session_start_time=datetime(2024, 1, 1, tzinfo=timezone.utc),
)

# Extracellular: 8 electrodes with locations, an ElectricalSeries of 8 channels.
locations = ["CA1", "CA1", "CA3", "CA3", "DG", "DG", "LEC", "MEC"]
device = nwbfile.create_device(name="probe", description="an 8-site probe")
group = nwbfile.create_electrode_group(name="shank0", description="shank", location="hippocampus", device=device)
for i, loc in enumerate(locations):
    nwbfile.add_electrode(group=group, location=loc, x=float(i), y=0.0, z=0.0)
region = nwbfile.create_electrode_table_region(list(range(len(locations))), "all electrodes")
samples, rate, start = 1000, 1000.0, 1.5
t = np.arange(samples)[:, None]
traces = np.sin(2 * np.pi * t / 100 + np.arange(len(locations))[None, :]) * (np.arange(len(locations)) + 1) * 1e-4
nwbfile.add_acquisition(ElectricalSeries(name="raw", data=traces, electrodes=region, rate=rate, starting_time=start, description="sines"))

# Units: ids 11-15, unit 14 without spikes; a quality column.
nwbfile.add_unit_column(name="quality", description="sorting quality")
units = []
for k, uid in enumerate([11, 12, 13, 14, 15]):
    spikes = [] if uid == 14 else [round(0.5 + k * 0.25 + 0.7 * j, 3) for j in range(2 + k)]
    quality = "mua" if k % 2 else "good"
    nwbfile.add_unit(id=uid, spike_times=spikes, quality=quality)
    units.append({"id": uid, "spikeTimes": spikes, "quality": quality})

# Trials with a condition column.
nwbfile.add_trial_column(name="condition", description="the stimulus condition")
trials = [(0.25, 1.0, "left"), (1.5, 2.75, "right"), (3.0, 3.5, "left"), (4.0, 5.25, "right")]
for a, b, c in trials:
    nwbfile.add_trial(start_time=a, stop_time=b, condition=c)

# Behaviour: a SpatialSeries with timestamps, x in [-2, 6] cm, y in [10, 14] cm.
n = 120
times = (3.0 + 0.04 * np.arange(n) + 0.001 * (np.arange(n) % 3)).round(4)
xs = 2 + 4 * np.cos(2 * np.pi * np.arange(n) / (n - 1))
ys = 12 + 2 * np.sin(2 * np.pi * np.arange(n) / (n - 1))
pos = SpatialSeries(name="pos", data=np.stack([xs, ys], axis=1), timestamps=times, reference_frame="arena corner", unit="cm", description="head position")
behavior = nwbfile.create_processing_module(name="behavior", description="behaviour")
behavior.add(Position(spatial_series=pos))

# Optical physiology: a two-photon movie of 3 frames (value 100 f + 12 r + c), ROIs as image masks and pixel masks.
height, width = 10, 12
scope = nwbfile.create_device(name="scope", description="two-photon microscope")
channel = OpticalChannel(name="green", description="green", emission_lambda=520.0)
plane = nwbfile.create_imaging_plane(
    name="plane0", optical_channel=channel, imaging_rate=30.0, description="plane", device=scope,
    excitation_lambda=920.0, indicator="GCaMP6f", location="V1",
)
frames = np.array([[[100 * f + width * r + c for c in range(width)] for r in range(height)] for f in range(3)], dtype=np.int16)
nwbfile.add_acquisition(TwoPhotonSeries(name="movie", data=frames, imaging_plane=plane, rate=30.0, unit="a.u.", description="3 frames"))
mean = frames.mean(axis=0)
mean_image = ImageSeries(name="mean", data=mean[None, :, :], unit="a.u.", rate=1.0, description="mean image")
nwbfile.add_acquisition(mean_image)
rois = [{"r0": 1 + 3 * k, "r1": 2 + 3 * k, "c0": 2 + 3 * k, "c1": 4 + 3 * k} for k in range(3)]
ophys = nwbfile.create_processing_module(name="ophys", description="optical physiology")
segmentation = ImageSegmentation()
ophys.add(segmentation)
images = segmentation.create_plane_segmentation(name="images", description="image masks", imaging_plane=plane, reference_images=mean_image)
for r in rois:
    mask = np.zeros((height, width))
    mask[r["r0"]:r["r1"] + 1, r["c0"]:r["c1"] + 1] = 1
    images.add_roi(image_mask=mask)
pixels = segmentation.create_plane_segmentation(name="pixels", description="pixel masks", imaging_plane=plane)
for r in rois[:2]:
    pixels.add_roi(pixel_mask=[(x, y, 1.0) for x in range(r["r0"], r["r1"] + 1) for y in range(r["c0"], r["c1"] + 1)])

# RGB frames: 2 frames of 4 × 5, red 50 r + 100 f, green 20 c, blue 200.
rgb = np.zeros((2, 4, 5, 3), dtype=np.uint8)
for f in range(2):
    for r in range(4):
        for c in range(5):
            rgb[f, r, c] = (50 * r + 100 * f, 20 * c, 200)
nwbfile.add_acquisition(ImageSeries(name="rgb", data=rgb, unit="n.a.", rate=2.0, description="RGB frames"))

with NWBZarrIO(path, mode="w") as io:
    io.write(nwbfile)

json.dump({
    "locations": locations,
    "electrodeIds": [int(i) for i in nwbfile.electrodes.id[:]],
    "units": units,
    "trials": [{"start": a, "stop": b, "condition": c} for a, b, c in trials],
    "position": {"times": times.tolist(), "x": [float(xs.min()), float(xs.max())], "y": [float(ys.min()), float(ys.max())]},
    "movie": {"frames": 3, "rate": 30.0, "min": [int(frames[f].min()) for f in range(3)], "max": [int(frames[f].max()) for f in range(3)], "height": height, "width": width},
    "rois": rois,
    "rgb": {"frames": 2, "height": 4, "width": 5},
}, sys.stdout)
