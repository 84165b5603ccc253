/** core Device, ElectrodeGroup and ElectricalSeries. */
import type { ContainerInit } from "../build/container.js";
import type { DynamicTableRegion } from "../build/common/dynamic-table-region.js";
import { requireArgs, textField } from "./field-values.js";
import { NWBContainer } from "./nwb-container.js";
import { TimeSeries, type TimeSeriesInit } from "./time-series.js";

/** What Device constructors accept. */
export interface DeviceInit extends ContainerInit {
  description?: string;
  manufacturer?: string;
  modelNumber?: string;
  modelName?: string;
  serialNumber?: string;
}

/** A device used in the session (probe, microscope, …). */
export class Device extends NWBContainer {
  static override typeName = "Device";

  constructor(init: DeviceInit) {
    super(init);
    if (init.fromFile) return;
    const set = (k: string, v: unknown) => v !== undefined && this.set(k, v);
    set("description", init.description);
    set("manufacturer", init.manufacturer);
    set("model_number", init.modelNumber);
    set("model_name", init.modelName);
    set("serial_number", init.serialNumber);
  }

  get description(): string | undefined {
    return textField(this, "description");
  }
  get manufacturer(): string | undefined {
    return textField(this, "manufacturer");
  }
  get modelNumber(): string | undefined {
    return textField(this, "model_number");
  }
  get modelName(): string | undefined {
    return textField(this, "model_name");
  }
  get serialNumber(): string | undefined {
    return textField(this, "serial_number");
  }
}

/** What ElectrodeGroup constructors accept. */
export interface ElectrodeGroupInit extends ContainerInit {
  description?: string;
  location?: string;
  device?: Device;
  /** x, y, z of the group (optional). */
  position?: unknown;
}

/** A group of electrodes on one device (a shank, a tetrode). */
export class ElectrodeGroup extends NWBContainer {
  static override typeName = "ElectrodeGroup";

  constructor(init: ElectrodeGroupInit) {
    super(init);
    if (init.fromFile) return;
    requireArgs("ElectrodeGroup", init.name, init, ["description", "location", "device"]);
    this.set("description", init.description);
    this.set("location", init.location);
    this.set("device", init.device);
    if (init.position !== undefined) this.set("position", init.position);
  }

  get description(): string | undefined {
    return textField(this, "description");
  }
  get location(): string | undefined {
    return textField(this, "location");
  }
  /** The device (a link). */
  get device(): Device | undefined {
    return this.get<Device>("device");
  }
}

/** What ElectricalSeries constructors accept. */
export interface ElectricalSeriesInit extends TimeSeriesInit {
  /** The rows of the electrodes table recorded (see NWBFile.createElectrodeRegion). */
  electrodes?: DynamicTableRegion;
  filtering?: string;
  channelConversion?: unknown;
}

/** Voltages recorded from electrodes (data: time × channels). */
export class ElectricalSeries extends TimeSeries {
  static override typeName = "ElectricalSeries";
  static override defaultUnit = "volts";

  constructor(init: ElectricalSeriesInit) {
    super(init);
    if (init.fromFile) return;
    requireArgs("ElectricalSeries", init.name, init, ["electrodes"]);
    this.set("electrodes", init.electrodes);
    if (init.filtering !== undefined) this.set("filtering", init.filtering);
    if (init.channelConversion !== undefined) this.set("channel_conversion", init.channelConversion);
  }

  /** The electrodes recorded: a region into the file's electrodes table. */
  get electrodes(): DynamicTableRegion | undefined {
    return this.get<DynamicTableRegion>("electrodes");
  }
  get filtering(): string | undefined {
    return textField(this, "filtering");
  }
}
