/** core Subject: who was recorded (general/subject). */
import type { ContainerInit } from "../build/container.js";
import { dateField, fieldValue, isoText, numberField, plain, textField } from "./field-values.js";
import { NWBContainer } from "./nwb-container.js";

/** What Subject constructors accept (name is always "subject"). */
export interface SubjectInit extends Omit<ContainerInit, "name"> {
  subjectId?: string;
  species?: string;
  sex?: string;
  /** ISO 8601 duration (`P90D`). */
  age?: string;
  /** How age was computed: "birth" (default) or "gestational". */
  ageReference?: string;
  description?: string;
  genotype?: string;
  strain?: string;
  weight?: string;
  dateOfBirth?: Date | string;
}

/** The subject of the session. */
export class Subject extends NWBContainer {
  static override typeName = "Subject";

  constructor(init: SubjectInit & { name?: string } = {}) {
    super({ ...init, name: init.name ?? "subject" });
    if (init.fromFile) return;
    const set = (k: string, v: unknown) => v !== undefined && this.set(k, v);
    set("subject_id", init.subjectId);
    set("species", init.species);
    set("sex", init.sex);
    set("age", init.age);
    if (init.age !== undefined) set("age__reference", init.ageReference ?? "birth");
    set("description", init.description);
    set("genotype", init.genotype);
    set("strain", init.strain);
    set("weight", init.weight);
    set("date_of_birth", isoText(init.dateOfBirth));
  }

  get subjectId(): string | undefined {
    return textField(this, "subject_id");
  }
  get species(): string | undefined {
    return textField(this, "species");
  }
  get sex(): string | undefined {
    return textField(this, "sex");
  }
  get age(): string | undefined {
    return textField(this, "age");
  }
  get description(): string | undefined {
    return textField(this, "description");
  }
  get genotype(): string | undefined {
    return textField(this, "genotype");
  }
  get strain(): string | undefined {
    return textField(this, "strain");
  }
  /** Weight as written (text in NWB ≥ 2.x, e.g. "0.02 kg"); a number when stored as one. */
  get weight(): string | number | undefined {
    return typeof plain(fieldValue(this, "weight")) === "number" ? numberField(this, "weight") : textField(this, "weight");
  }
  get dateOfBirth(): Date | undefined {
    return dateField(this, "date_of_birth");
  }
}
