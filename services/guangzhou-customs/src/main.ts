import './instrument';
import { runClearanceService } from '@gba/clearance';
import { CbecController } from './cbec/cbec.controller';
import { CbecLaw } from './cbec/cbec-law';
import { CbecLedgerRepository } from './cbec/cbec-ledger.repository';
import { CreateCbecLedger1764400000000 } from './cbec/1764400000000-create-cbec-ledger';
import { IndexCbecEntriesByBuyer1765000000000 } from './cbec/1765000000000-index-cbec-entries-by-buyer';

// Mainland law on top of the common standard: the annual CBEC ledger of each buyer, its quota
// endpoint and returns (the standard itself applies the limits, positive list and CBEC tax).
void runClearanceService({
  authority: 'GZ',
  serviceName: 'guangzhou-customs',
  title: 'Guangzhou Customs District (mainland China)',
  ownLaw: { law: CbecLaw, books: CbecLedgerRepository },
  controllers: [CbecController],
  migrations: [CreateCbecLedger1764400000000, IndexCbecEntriesByBuyer1765000000000],
  // The ledger keys buyers by the keyed hash of their ID number: re-keyed with personal data.
  keyedHashColumns: [
    { table: 'cbec_ledger', column: 'buyer_key' },
    { table: 'cbec_ledger_entries', column: 'buyer_key' },
  ],
});
