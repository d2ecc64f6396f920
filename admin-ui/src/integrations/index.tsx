/**
 * Entry of the Integrations screen (plugin/build/integrations.js).
 * Mounts into <div id="solar-capture-integrations-root"></div>.
 */
import './style.css';

import { mount } from '../common/mount';
import IntegrationsApp from './IntegrationsApp';

mount( 'solar-capture-integrations-root', () => <IntegrationsApp /> );
