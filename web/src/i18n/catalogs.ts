import type { Locale, Messages } from './catalog';
import { en } from './messages/en';
import { it } from './messages/it';
import { ru } from './messages/ru';
import { tr } from './messages/tr';

/**
 * All four catalogs, bundled with the staff pages: together they weigh a few kilobytes, and a
 * language switch then needs no request.
 */
export const CATALOGS: Record<Locale, Messages> = { it, ru, tr, en };
