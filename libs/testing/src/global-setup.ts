import { setUpTestInfrastructure } from './infrastructure';

export default setUpTestInfrastructure;
