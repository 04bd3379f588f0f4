/**
 * The masks of the masked policy, by kind of personal information:
 * - ID number: first 6 and last 4 characters (150102********1237)
 * - phone: first 3 and last 4 digits (138****1001)
 * - name: the first character (张*, 欧***)
 * - address: the first 6 characters, then **** (呼和浩特市新****)
 * - bank account: last 4 digits (**** 1234)
 * - anything else (health, biometric, other): ***
 */
export function mask(piType: string | null, value: string): string {
  const chars = [...value];
  switch (piType) {
    case 'id_number':
      return chars.length > 10 ? `${chars.slice(0, 6).join('')}${'*'.repeat(chars.length - 10)}${chars.slice(-4).join('')}` : '*'.repeat(chars.length);
    case 'phone':
      return chars.length > 7 ? `${chars.slice(0, 3).join('')}${'*'.repeat(chars.length - 7)}${chars.slice(-4).join('')}` : '*'.repeat(chars.length);
    case 'name':
      return chars.length > 1 ? `${chars[0]}${'*'.repeat(chars.length - 1)}` : '*';
    case 'address':
      return chars.length > 6 ? `${chars.slice(0, 6).join('')}****` : '****';
    case 'bank_account':
      return chars.length > 4 ? `**** ${chars.slice(-4).join('')}` : '****';
    default:
      return '***';
  }
}
