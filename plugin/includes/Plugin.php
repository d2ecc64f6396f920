<?php
/**
 * Wires the plugin's parts to WordPress.
 *
 * @package SolarCapture
 */

namespace SolarCapture;

defined( 'ABSPATH' ) || exit;

/**
 * The bootstrap: hooks only, no work at load time.
 */
final class Plugin {

	/**
	 * The instance.
	 *
	 * @var Plugin|null
	 */
	private static $instance = null;

	/**
	 * Whether boot() ran.
	 *
	 * @var bool
	 */
	private $booted = false;

	/**
	 * The instance.
	 *
	 * @return Plugin
	 */
	public static function instance(): Plugin {
		if ( null === self::$instance ) {
			self::$instance = new self();
		}
		return self::$instance;
	}

	/**
	 * Add the hooks.
	 */
	public function boot(): void {
		if ( $this->booted ) {
			return;
		}
		$this->booted = true;

		// Tables first (a schema bump or a site that missed activation), then the early webhook
		// path, last of all `plugins_loaded` callbacks so every plugin could add its listeners.
		add_action( 'plugins_loaded', array( Schema::class, 'maybe_upgrade' ), 5 );
		add_action( 'plugins_loaded', array( Early_Webhook::class, 'maybe_handle' ), PHP_INT_MAX );

		add_action( 'init', array( $this, 'load_textdomain' ) );
		add_action( 'rest_api_init', array( $this, 'register_rest_routes' ) );
		add_action( 'wp_initialize_site', array( Activator::class, 'on_new_site' ), 20 );

		Notifier::register();
		Privacy::register();
		Frontend\Quote_Form::register();
		Frontend\Booking_Calendar::register();

		if ( is_admin() ) {
			( new Admin\Menu() )->register();
			add_filter( 'plugin_action_links_' . plugin_basename( SOLAR_CAPTURE_FILE ), array( $this, 'action_links' ) );
		}
	}

	/**
	 * Translations shipped in languages/ (WordPress.org translations load on their own).
	 */
	public function load_textdomain(): void {
		load_plugin_textdomain( 'solar-capture', false, dirname( plugin_basename( SOLAR_CAPTURE_FILE ) ) . '/languages' );
	}

	/**
	 * The REST routes.
	 */
	public function register_rest_routes(): void {
		$webhook = new Rest\Webhook_Controller();
		$webhook->register_routes();
		add_filter( 'rest_pre_dispatch', array( $webhook, 'pre_dispatch' ), 10, 3 );
		add_filter( 'rest_pre_dispatch', array( Rest\Access::class, 'pre_dispatch' ), 5, 3 );

		( new Rest\Leads_Controller() )->register_routes();
		( new Rest\Integrations_Controller() )->register_routes();
		( new Rest\Deliveries_Controller() )->register_routes();
		( new Rest\Settings_Controller() )->register_routes();
		( new Rest\Quote_Controller() )->register_routes();
	}

	/**
	 * "Leads", "Integrations" and "Settings" links on the Plugins screen.
	 *
	 * @param string[] $links Links.
	 * @return string[]
	 */
	public function action_links( $links ): array {
		if ( ! current_user_can( Activator::CAPABILITY ) ) {
			return (array) $links;
		}
		$ours = array(
			sprintf( '<a href="%s">%s</a>', esc_url( admin_url( 'admin.php?page=' . Admin\Menu::LEADS ) ), esc_html__( 'Leads', 'solar-capture' ) ),
			sprintf( '<a href="%s">%s</a>', esc_url( admin_url( 'admin.php?page=' . Admin\Menu::INTEGRATIONS ) ), esc_html__( 'Integrations', 'solar-capture' ) ),
			sprintf( '<a href="%s">%s</a>', esc_url( admin_url( 'admin.php?page=' . Admin\Menu::SETTINGS ) ), esc_html__( 'Settings', 'solar-capture' ) ),
		);
		return array_merge( $ours, (array) $links );
	}
}
