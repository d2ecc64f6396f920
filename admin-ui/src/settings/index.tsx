/**
 * Entry of the Settings screen (plugin/build/settings.js).
 * Mounts into <div id="solar-capture-settings-root"></div>.
 */
import './style.css';

import { mount } from '../common/mount';
import SettingsApp from './SettingsApp';

mount( 'solar-capture-settings-root', () => <SettingsApp /> );
