import * as z from 'zod';
import { INSTITUTION_CODE } from '../staff/institution-code';

/** An institution code in a request, checked by the same pattern as an imported row's. */
export const institutionCodeSchema = z.string().regex(INSTITUTION_CODE, 'must be 4–12 upper-case letters or digits');
