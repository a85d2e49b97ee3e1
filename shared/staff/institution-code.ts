/**
 * The general shape of an institution code, for every profile: upper-case letters and digits,
 * optionally in hyphen-separated groups (Moscow's `MSK-SCH-1234`), 3–32 characters. Route
 * parameters and request bodies check this shape; each profile narrows it for what it registers
 * and imports (`staffImport.institutionCodePattern`). It lives alone so that API schemas and the
 * profile schema can use it without pulling in the row validator.
 */
export const INSTITUTION_CODE = /^(?=.{3,32}$)[A-Z0-9]+(?:-[A-Z0-9]+)*$/;
