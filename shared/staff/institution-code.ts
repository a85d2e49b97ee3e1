/**
 * Institution codes (ministry registry codes). Imported rows, lots and routes all check this one
 * pattern; it lives alone so that API schemas can use it without pulling in the row validator.
 */
export const INSTITUTION_CODE = /^[A-Z0-9]{4,12}$/;
