// What /sagas/new says when saving a definition is refused (POST /api/sagas/_definitions):
// a 409 is about the name (another saga has it) or the place (no definitions directory), a 400
// lists fields; the error body is the kit's ({ error, message, fields }), `details` also read.
export type SaveRefusal = {
  /** Shown beside the name field: the name is taken. */
  name: string | null;
  /** Shown above the Save button. */
  message: string;
  fields: { field: string; message: string }[];
};

type Body = { message?: unknown; fields?: unknown; details?: unknown } | null;

const isField = (x: unknown): x is { field: string; message: string } =>
  typeof x === "object" && x !== null && typeof (x as { field?: unknown }).field === "string";

/** `directory`: whether GET _definitions named a place to save (its `saveTo`); without one a 409 is about that. */
export function saveRefusal(status: number, body: unknown, directory = true): SaveRefusal {
  const b = (typeof body === "object" ? body : null) as Body;
  const message = typeof b?.message === "string" ? b.message : `the save was refused (HTTP ${status})`;
  const listed = Array.isArray(b?.fields) ? b.fields : Array.isArray(b?.details) ? b.details : [];
  const fields = listed.filter(isField).map((f) => ({ field: f.field, message: String(f.message) }));
  const aboutName = status === 409 && directory;
  return { name: aboutName ? message : null, message, fields };
}
