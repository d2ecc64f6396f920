<?php
/**
 * The "Solar leads" menu and its React screens.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Admin;

use SolarCapture\Activator;
use SolarCapture\Leads\Lead_Fields;
use SolarCapture\Leads\Lead_Query;
use SolarCapture\Pipeline;
use SolarCapture\Providers;

defined( 'ABSPATH' ) || exit;

/**
 * Menu pages; each prints a root element and enqueues its build/<entry>.js bundle.
 */
final class Menu {

	public const LEADS        = 'solar-capture-leads';
	public const INTEGRATIONS = 'solar-capture-integrations';
	public const SETTINGS     = 'solar-capture-settings';

	/**
	 * Screen hook suffix → build entry.
	 *
	 * @var array<string,string>
	 */
	private $entries = array();

	/**
	 * Why an entry could not be loaded, by entry (shown on its page).
	 *
	 * @var array<string,string>
	 */
	private $problems = array();

	/**
	 * Add the hooks.
	 */
	public function register(): void {
		add_action( 'admin_menu', array( $this, 'add_menu' ) );
		add_action( 'admin_enqueue_scripts', array( $this, 'enqueue' ) );
	}

	/**
	 * Top-level menu with the Leads, Integrations and Settings pages (shown only to users with
	 * `manage_solar_leads`).
	 */
	public function add_menu(): void {
		$leads = add_menu_page(
			__( 'Solar leads', 'solar-capture' ),
			__( 'Solar leads', 'solar-capture' ),
			Activator::CAPABILITY,
			self::LEADS,
			array( $this, 'render_leads' ),
			'dashicons-lightbulb',
			26
		);
		add_submenu_page(
			self::LEADS,
			__( 'Leads', 'solar-capture' ),
			__( 'Leads', 'solar-capture' ),
			Activator::CAPABILITY,
			self::LEADS,
			array( $this, 'render_leads' )
		);
		$integrations = add_submenu_page(
			self::LEADS,
			__( 'Integrations', 'solar-capture' ),
			__( 'Integrations', 'solar-capture' ),
			Activator::CAPABILITY,
			self::INTEGRATIONS,
			array( $this, 'render_integrations' )
		);

		$settings = add_submenu_page(
			self::LEADS,
			__( 'Solar Capture settings', 'solar-capture' ),
			__( 'Settings', 'solar-capture' ),
			Activator::CAPABILITY,
			self::SETTINGS,
			array( $this, 'render_settings' )
		);

		if ( $leads ) {
			$this->entries[ $leads ] = 'leads';
		}
		if ( $integrations ) {
			$this->entries[ $integrations ] = 'integrations';
		}
		if ( $settings ) {
			$this->entries[ $settings ] = 'settings';
		}
	}

	/**
	 * Enqueue the bundle of the current screen.
	 *
	 * @param string $hook_suffix Current screen.
	 */
	public function enqueue( $hook_suffix ): void {
		if ( isset( $this->entries[ $hook_suffix ] ) ) {
			$this->enqueue_entry( $this->entries[ $hook_suffix ] );
		}
	}

	/**
	 * Register and enqueue build/<entry>.js with its generated dependencies, styles,
	 * translations and the page data (window.solarCapture).
	 *
	 * @param string $entry Build entry: leads, integrations or settings.
	 */
	private function enqueue_entry( string $entry ): void {
		$dir        = SOLAR_CAPTURE_DIR . 'build/';
		$asset_file = $dir . $entry . '.asset.php';

		if ( ! is_readable( $dir . $entry . '.js' ) || ! is_readable( $asset_file ) ) {
			$this->problems[ $entry ] = 'missing';
			return;
		}
		$asset = require $asset_file;
		$asset = is_array( $asset ) ? $asset : array();
		$deps  = isset( $asset['dependencies'] ) && is_array( $asset['dependencies'] ) ? $asset['dependencies'] : array();
		$ver   = isset( $asset['version'] ) && is_string( $asset['version'] ) ? $asset['version'] : SOLAR_CAPTURE_VERSION;

		// WordPress drops a script whose dependency is not registered, silently: say so instead.
		$unknown = array_values(
			array_filter(
				$deps,
				static function ( $dep ) {
					return ! wp_script_is( $dep, 'registered' );
				}
			)
		);
		if ( $unknown ) {
			$this->problems[ $entry ] = implode( ', ', $unknown );
			return;
		}

		$handle = 'solar-capture-' . $entry;
		wp_register_script( $handle, plugins_url( 'build/' . $entry . '.js', SOLAR_CAPTURE_FILE ), $deps, $ver, array( 'in_footer' => true ) );
		$data = $this->page_data();
		if ( 'leads' === $entry ) {
			// The values the UTM source and campaign filters offer (the ones some lead has).
			$data['attributionValues'] = ( new Lead_Query() )->attribution_values();
		}
		wp_add_inline_script( $handle, 'window.solarCapture = ' . wp_json_encode( $data ) . ';', 'before' );
		wp_set_script_translations( $handle, 'solar-capture', SOLAR_CAPTURE_DIR . 'languages' );
		wp_enqueue_script( $handle );

		// wp-scripts writes <entry>.css for CSS modules and style-<entry>.css for imported style sheets.
		wp_enqueue_style( 'wp-components' );
		foreach ( array( $entry, 'style-' . $entry ) as $css ) {
			if ( ! is_readable( $dir . $css . '.css' ) ) {
				continue;
			}
			$style = 'solar-capture-' . $css;
			wp_enqueue_style( $style, plugins_url( 'build/' . $css . '.css', SOLAR_CAPTURE_FILE ), array( 'wp-components' ), $ver );
			if ( is_readable( $dir . $css . '-rtl.css' ) ) {
				wp_style_add_data( $style, 'rtl', 'replace' );
			}
		}
	}

	/**
	 * What the screens read from window.solarCapture: the contracts (stages, providers and lead
	 * fields, with translated labels) and the site's URLs, REST details and time zone.
	 *
	 * @return array
	 */
	public function page_data(): array {
		return array(
			'stages'          => Pipeline::stages(),
			'providers'       => Providers::for_screens(),
			'leadFields'      => Lead_Fields::for_screens(),
			'adminUrl'        => admin_url(),
			'leadsUrl'        => admin_url( 'admin.php?page=' . self::LEADS ),
			'integrationsUrl' => admin_url( 'admin.php?page=' . self::INTEGRATIONS ),
			'settingsUrl'     => admin_url( 'admin.php?page=' . self::SETTINGS ),
			'restNamespace'   => 'solar-capture/v1',
			'version'         => SOLAR_CAPTURE_VERSION,
			// The site's IANA time zone ('' when only an offset is set) and its UTC offset in hours.
			'timezone'        => (string) get_option( 'timezone_string', '' ),
			'gmtOffset'       => (float) get_option( 'gmt_offset', 0 ),
			// For requests a browser makes by navigating (the CSV export), outside apiFetch.
			'restUrl'         => esc_url_raw( rest_url() ),
			'restNonce'       => wp_create_nonce( 'wp_rest' ),
			'userId'          => (string) get_current_user_id(),
		);
	}

	/**
	 * The Leads page.
	 */
	public function render_leads(): void {
		$this->render( 'leads', __( 'Leads', 'solar-capture' ) );
	}

	/**
	 * The Integrations page.
	 */
	public function render_integrations(): void {
		$this->render( 'integrations', __( 'Integrations', 'solar-capture' ) );
	}

	/**
	 * The Settings page.
	 */
	public function render_settings(): void {
		$this->render( 'settings', __( 'Solar Capture settings', 'solar-capture' ) );
	}

	/**
	 * A screen's root element, or a notice telling how to build it.
	 *
	 * @param string $entry Build entry.
	 * @param string $title Screen title (used in the notice).
	 */
	private function render( string $entry, string $title ): void {
		if ( ! current_user_can( Activator::CAPABILITY ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to manage solar leads.', 'solar-capture' ), 403 );
		}

		echo '<div class="wrap">';
		if ( isset( $this->problems[ $entry ] ) ) {
			echo '<h1>' . esc_html( $title ) . '</h1>';
			echo '<div class="notice notice-error"><p>';
			if ( 'missing' === $this->problems[ $entry ] ) {
				printf(
					/* translators: 1: a file name, 2: a command, 3: another command. */
					esc_html__( 'This screen is not built yet: %1$s is missing. Run %2$s (or %3$s while developing) in the project folder, then reload this page.', 'solar-capture' ),
					'<code>' . esc_html( 'build/' . $entry . '.js' ) . '</code>',
					'<code>npm run build</code>',
					'<code>npm start</code>'
				);
			} else {
				printf(
					/* translators: %s: script handles. */
					esc_html__( 'This screen needs scripts this WordPress version does not provide: %s. Update WordPress, or rebuild the screens for this version.', 'solar-capture' ),
					'<code>' . esc_html( $this->problems[ $entry ] ) . '</code>'
				);
			}
			echo '</p></div>';
		}
		printf( '<div id="%s"></div>', esc_attr( 'solar-capture-' . $entry . '-root' ) );
		echo '</div>';
	}
}
