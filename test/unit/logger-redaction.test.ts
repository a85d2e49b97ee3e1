import { describe, expect, it, vi } from 'vitest';
import { logger, maskPhone, redact } from '../../shared/logger';

describe('log redaction', () => {
  it('replaces secrets by key name at any depth and masks phones', () => {
    const line = JSON.stringify(
      {
        password: 'Secr3t!pass',
        nested: { temporaryPassword: 'T3mp!pass', smsCode: '123456', nationalId: 'RSSMRA80A01H501U', currentPassword: 'Curr3nt!pw' },
        phone: '+393471234567',
        login: 'mario.rossi@posta.istruzione.it',
      },
      redact,
    );
    expect(line).not.toMatch(/Secr3t|T3mp|123456|RSSMRA80A01H501U|3471234567|Curr3nt/);
    expect(line).toContain('"phone":"+39*******567"');
    expect(line).toContain('mario.rossi@posta.istruzione.it');
  });

  it('masks short phones entirely', () => {
    expect(maskPhone('12345')).toBe('***');
  });

  it('the shared logger applies it to what it writes', () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    try {
      logger.info('sending', { password: 'Hunter2!Hunter2', phone: '+905321234567' });
      const out = [...write.mock.calls, ...info.mock.calls].map((c) => String(c[0])).join('\n');
      expect(out).toContain('sending');
      expect(out).not.toContain('Hunter2');
      expect(out).not.toContain('5321234567');
    } finally {
      write.mockRestore();
      info.mockRestore();
    }
  });
});
