/**
 * Entry of the Leads screen (plugin/build/leads.js).
 * Mounts into <div id="solar-capture-leads-root"></div>.
 */
import './style.css';

import { mount } from '../common/mount';
import LeadsApp from './LeadsApp';

mount( 'solar-capture-leads-root', () => <LeadsApp /> );
