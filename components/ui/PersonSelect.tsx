import { Field, fieldAria, inputClass, type FieldErrors } from "@/components/ui/Field";

/** A labelled choice of one person (leave, reporting lines, covering), with its field error. */
export function PersonSelect({
  name,
  label,
  people,
  errors,
  none,
}: {
  /** The field the action reads, and the select's id. */
  name: string;
  label: string;
  people: { id: string; name: string }[];
  errors?: FieldErrors;
  /** An empty first choice ("Nobody"), when choosing no one is allowed. */
  none?: string;
}) {
  return (
    <Field label={label} name={name} errors={errors}>
      <select id={name} name={name} defaultValue={none === undefined ? undefined : ""} className={inputClass} {...fieldAria(errors, name)}>
        {none === undefined ? null : <option value="">{none}</option>}
        {people.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </Field>
  );
}
