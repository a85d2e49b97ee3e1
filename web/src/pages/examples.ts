/** A made-up mobile number written the country's way, shown as an example next to phone fields. */
export const PHONE_EXAMPLES: Record<string, string> = {
  IT: '+39 347 123 4567',
  RU: '+7 916 123-45-67',
  TR: '+90 532 123 45 67',
};

export const phoneExample = (region: string) => PHONE_EXAMPLES[region] ?? '+00 000 000 0000';
