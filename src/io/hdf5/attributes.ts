/**
 * HDF5 attributes → builder attribute values: floats stay floats in JSON (JsonFloat), h5py
 * booleans become booleans, arrays keep their shape, and references are left as paths for the
 * tree reader to turn into ReferenceBuilders once every object is known.
 */
import type { ErrorLocation } from "../../errors.js";
import { JsonFloat } from "../../zarr/codecs/json-text.js";
import type { NdArray } from "../../zarr/dtype.js";
import type { H5Attribute, H5Module } from "./h5wasm-api.js";
import { isH5Reference, referencedPath } from "./references.js";
import { hdf5Kind, numericValues, plainType, textValue } from "./types.js";

/** An attribute value that is an object reference, until the tree resolves it. */
export class PendingReference {
  constructor(readonly path: string) {}
}

/** The builder value of one attribute. */
export function attributeValue(Module: H5Module, fileId: bigint, attr: H5Attribute, where: ErrorLocation): unknown {
  const kind = hdf5Kind(attr.metadata, where);
  const shape = attr.shape ?? [];
  const raw = attr.value;
  const scalar = shape.length === 0;
  const list = (scalar ? [raw] : raw) as ArrayLike<unknown>;
  let values: ArrayLike<unknown>;
  switch (kind.kind) {
    case "numeric":
      if (scalar) {
        const v = (ArrayBuffer.isView(raw) ? (raw as unknown as ArrayLike<unknown>)[0] : raw) as number | bigint;
        return kind.name.startsWith("float") ? new JsonFloat(Number(v)) : v;
      }
      values = numericValues(kind.name, list);
      break;
    case "bool":
      values = Array.from(scalar && ArrayBuffer.isView(raw) ? (raw as unknown as ArrayLike<unknown>) : list, (v) => Number(v) !== 0);
      break;
    case "text":
      values = Array.from(list, textValue);
      break;
    case "reference":
      values = Array.from(scalar && Array.isArray(raw) ? raw : list, (v) => {
        if (!isH5Reference(v)) return v;
        return new PendingReference(referencedPath(Module, fileId, v.ref_data, where));
      });
      break;
    case "compound":
      values = Array.from(list);
      break;
  }
  if (scalar) return values[0];
  const dtype = plainType(kind) ?? { kind: kind.kind === "text" ? "string" : "object" };
  return { dtype, shape: [...shape], data: values } as NdArray;
}
