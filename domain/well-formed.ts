// zod runs a refinement even on input whose fields already failed their own checks. A rule that
// compares fields or reads a decimal must not: on malformed input it would throw (a server
// error) or add a second, misleading issue. Every refinement takes this option.
export const whenWellFormed = {
  when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0,
};
