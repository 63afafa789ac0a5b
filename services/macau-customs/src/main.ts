import './instrument';
import { runClearanceService } from '@gba/clearance';

// Macau is a free port: its consumption tax is part of the common standard's MO duties
// (libs/standards), so the service is wiring only.
void runClearanceService({ authority: 'MO', serviceName: 'macau-customs', title: 'Macao Customs Service' });
