// Branches waited for: those of the saga with no record in the instance yet.
import assert from "node:assert/strict";
import { it } from "node:test";
import type { StepDefinition } from "../../../contracts/sagas";
import { waitingFor } from "./status";

const step = (id: string, branch?: string): StepDefinition => ({
  id,
  topic: "t",
  from: "a",
  kind: "forward",
  after: [],
  starts: false,
  ...(branch && { branch }),
});
const steps = [
  step("new"),
  step("paid", "payment"),
  step("refused", "payment"),
  step("reserved", "stock"),
  step("done"),
];

it("names the branches no record reached yet, in file order", () => {
  assert.deepEqual(waitingFor(steps, [{ step: "new" }]), ["payment", "stock"]);
  assert.deepEqual(waitingFor(steps, [{ step: "new" }, { step: "refused" }, { step: null }]), ["stock"]);
  assert.deepEqual(waitingFor(steps, [{ step: "paid" }, { step: "reserved" }]), []);
  assert.deepEqual(waitingFor([step("a")], []), [], "a saga without branches waits for none");
});
