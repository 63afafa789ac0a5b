import { randomInt } from 'node:crypto';
import { japaneseCorporateNumberCheckDigit } from '@gba/standards';
import { AuthorityStack, type AuthorityCode } from './support/authority-stack';
import { file, finalAt, participant, retailDeclaration, waitForDeclaration } from './support/declarations';
import { hs256Token, waitForTask } from './support/security';

/** A valid Japanese corporate number (13 digits, check digit first), different on every call. */
function corporateNumber(): string {
  const base = String(randomInt(1, 999_999_999_999)).padStart(12, '0');
  return `${japaneseCorporateNumberCheckDigit(base)}${base}`;
}

/** A JP → HK general-trade import (0110) whose consignor is a Japanese maker without any CN/HK/MO identifier. */
function fromJapaneseMaker(corporate = corporateNumber()) {
  const d = retailDeclaration({ origin: 'JP', destination: 'HK' }, '330499', false);
  return {
    ...d,
    consignor: {
      name: 'Osaka Cosmetics KK',
      country: 'JP',
      address: '1-1 Umeda, Kita-ku, Osaka 530-0001',
      foreignId: { scheme: 'JP_CORPORATE_NUMBER', value: corporate },
    },
    consignee: { name: 'Harbour Trading Ltd', country: 'HK', businessRegistrationNumber: '12345678' },
  };
}

/** Parties from outside the three places, and supporting documents shared by every participant. */
describe('parties from elsewhere and supporting documents', () => {
  let stack: AuthorityStack;

  beforeAll(async () => {
    stack = await AuthorityStack.start({ RANDOM_SELECTION: 'off' });
  });

  afterAll(() => stack?.stop());

  const supervisor = (authority: AuthorityCode) => hs256Token(authority, ['officer', 'supervisor']);
  const officer = (authority: AuthorityCode) => hs256Token(authority, ['officer']);

  describe('a party from outside CN, HK and MO', () => {
    it('files and clears a JP → HK general-trade import from a Japanese maker identified by name, country and address', async () => {
      const body = fromJapaneseMaker();
      const filed = await file(stack.url('HK'), body);
      expect(filed.status).toBe(201);
      const cleared = await waitForDeclaration(
        stack.url('HK'),
        filed.body.id,
        (d) => finalAt({ HK: 'RELEASED' })(d) && d.status === 'CLEARED',
      );
      expect(cleared.participants.map((p) => [p.authority, p.role])).toEqual([['HK', 'import']]);
      expect(participant(cleared, 'HK').reasons.map((r) => r.ruleId)).toContain('FIRST_TIME_CONSIGNOR');
      // Known from then on by its corporate number.
      const again = await file(stack.url('HK'), { ...body, platformRef: `${body.platformRef}-2` });
      expect(again.status).toBe(201);
      const second = await waitForDeclaration(stack.url('HK'), again.body.id, finalAt({ HK: 'RELEASED' }));
      expect(participant(second, 'HK').reasons.map((r) => r.ruleId)).not.toContain('FIRST_TIME_CONSIGNOR');
    });

    it('files one without any foreign identifier, and refuses one without an address with its pointer', async () => {
      const { foreignId: _none, ...consignor } = fromJapaneseMaker().consignor;
      expect((await file(stack.url('HK'), { ...fromJapaneseMaker(), consignor })).status).toBe(201);
      const { address: _nowhere, ...unaddressed } = consignor;
      const refused = await file(stack.url('HK'), { ...fromJapaneseMaker(), consignor: unaddressed });
      expect(refused.status).toBe(422);
      expect(refused.body.errors?.map((e) => [e.pointer, e.code])).toEqual([
        ['/consignor/address', 'REQUIRED'],
      ]);
    });

    it('refuses a party from CN lacking any identifier: 422 with the pointer', async () => {
      const body = retailDeclaration({ origin: 'HK', destination: 'CN' }, '330499', false);
      const refused = await file(stack.url('HK'), {
        ...body,
        consignee: { name: 'Guangzhou Fresh Foods Co', country: 'CN', address: '广州市天河区体育西路 1 号' },
      });
      expect(refused.status).toBe(422);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.body.errors?.map((e) => [e.pointer, e.code])).toEqual([
        ['/consignee', 'PARTY_ID_REQUIRED'],
      ]);
    });

    it('sends a Japanese consignor to the lane of a risk target on its foreign identifier', async () => {
      const corporate = corporateNumber();
      const target = await fetch(`${stack.url('HK')}/api/v1/risk/targets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await supervisor('HK')}` },
        body: JSON.stringify({
          match: { partyId: corporate },
          lane: 'YELLOW',
          reason: 'undervaluation reported by the maker',
          expiresAt: new Date(Date.now() + 3600_000).toISOString(),
        }),
      });
      expect(target.status).toBe(201);
      const filed = await file(stack.url('HK'), fromJapaneseMaker(corporate));
      expect(filed.status).toBe(201);
      const held = await waitForDeclaration(stack.url('HK'), filed.body.id, (d) =>
        d.participants.some((p) => p.lane !== null && p.lane !== undefined),
      );
      expect(participant(held, 'HK').lane).toBe('YELLOW');
      // Never seen before by its only identifier: a first-time consignor as well.
      expect(
        participant(held, 'HK')
          .reasons.map((r) => r.ruleId)
          .sort(),
      ).toEqual(['FIRST_TIME_CONSIGNOR', 'RISK_TARGET']);
      const task = await waitForTask(stack.url('HK'), await officer('HK'), filed.body.id, 'document');
      expect(task.kind).toBe('document');
    });
  });
});
