/**
 * A structural comparison of two container trees: types, names, object ids, every field, and the
 * values of datasets read and compared element by element.
 */
import assert from "node:assert/strict";
import {
  ContainerMap, Data, LazyData, isContainer, isUntypedGroup, plainValue, toNested, type Container, type FieldHolder,
} from "../../src/build/index.js";
import { isNdArray } from "../../src/data/index.js";

/** Values as plain JS for comparison: arrays nested, int64 as numbers, bytes as text, objects as `<Type path>`. */
export async function plain(v: unknown): Promise<unknown> {
  if (v instanceof LazyData) return plain(await v.toList());
  if (isNdArray(v)) return plain(toNested(v));
  if (ArrayBuffer.isView(v) && !(v instanceof Uint8Array)) return Array.from(v as unknown as ArrayLike<unknown>, plainValue);
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  if (Array.isArray(v)) return Promise.all(v.map(plain));
  if (isContainer(v)) return `<${v.typeName} ${v.containerPath}>`;
  if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = await plain(x);
    return out;
  }
  return plainValue(v);
}

/**
 * Assert two container trees hold the same: types, names, object ids, every field (children
 * compared recursively, links and references by the path of their target), dataset values.
 * `ignore` lists field paths (`/units@colnames`) that may differ.
 */
export async function assertSameTree(a: Container, b: Container, ignore: Set<string> = new Set(), path = ""): Promise<number> {
  const here = path || "/";
  assert.equal(b.typeName, a.typeName, `${here}: type`);
  assert.equal(b.namespace, a.namespace, `${here}: namespace`);
  assert.equal(b.name, a.name, `${here}: name`);
  assert.equal(b.objectId, a.objectId, `${here}: object_id`);
  let compared = 1;
  if (a instanceof Data) {
    assert.ok(b instanceof Data, `${here}: Data`);
    assert.deepEqual(await plain(b.data), await plain(a.data), `${here}: data`);
  }
  compared += await assertSameFields(a, b, a, b, ignore, here);
  return compared;
}

async function assertSameFields(a: FieldHolder, b: FieldHolder, ownerA: Container, ownerB: Container, ignore: Set<string>, here: string): Promise<number> {
  const keysA = [...a.fields.keys()].filter((k) => !ignore.has(`${here}@${k}`)).sort();
  const keysB = [...b.fields.keys()].filter((k) => !ignore.has(`${here}@${k}`)).sort();
  assert.deepEqual(keysB, keysA, `${here}: field names`);
  let compared = 0;
  for (const k of keysA) {
    const va = a.fields.getExact(k);
    const vb = b.fields.getExact(k);
    const where = `${here}@${k}`;
    if (isContainer(va)) {
      assert.ok(isContainer(vb), `${where}: a container`);
      if (va.parent === ownerA) {
        assert.equal(vb.parent, ownerB, `${where}: child of its owner`);
        compared += await assertSameTree(va, vb, ignore, `${here === "/" ? "" : here}/${va.name}`);
      } else {
        assert.equal(await plain(vb), await plain(va), `${where}: link/reference target`);
      }
    } else if (va instanceof ContainerMap) {
      assert.ok(vb instanceof ContainerMap, `${where}: a ContainerMap`);
      assert.deepEqual([...vb.keys()].sort(), [...va.keys()].sort(), `${where}: names`);
      for (const [name, ca] of va) {
        const cb: Container = (vb as ContainerMap).get(name)!;
        if (ca.parent === ownerA) compared += await assertSameTree(ca, cb, ignore, `${here === "/" ? "" : here}/${name}`);
        else assert.equal(await plain(cb), await plain(ca), `${where}/${name}: link target`);
      }
    } else if (isUntypedGroup(va)) {
      assert.ok(isUntypedGroup(vb), `${where}: an untyped group`);
      compared += await assertSameFields(va, vb, ownerA, ownerB, ignore, `${here === "/" ? "" : here}/${va.name}`);
    } else {
      assert.deepEqual(await plain(vb), await plain(va), `${where}: value`);
    }
  }
  return compared;
}
