import './instrument';
import { runClearanceService } from '@gba/clearance';
import { CbecController } from './cbec/cbec.controller';
import { CbecLedgerPolicy } from './cbec/cbec-ledger.policy';
import { CreateCbecLedger1764400000000 } from './cbec/1764400000000-create-cbec-ledger';

// Mainland law on top of the common standard: the annual CBEC ledger of each buyer, its quota
// endpoint and returns (the standard itself applies the limits, positive list and CBEC tax).
void runClearanceService({
  authority: 'GZ',
  serviceName: 'guangzhou-customs',
  title: 'Guangzhou Customs District (mainland China)',
  policy: CbecLedgerPolicy,
  controllers: [CbecController],
  migrations: [CreateCbecLedger1764400000000],
});
