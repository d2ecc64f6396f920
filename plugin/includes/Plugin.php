<?php
/**
 * Wires the plugin's parts to WordPress.
 *
 * @package SolarCapture
 */

namespace SolarCapture;

defined( 'ABSPATH' ) || exit;

/**
 * The bootstrap: hooks only, no work at load time. It also makes the plugin's parts, each once
 * per request and only when first needed, and hands every part the ones it uses.
 */
final class Plugin {

	/**
	 * The parts made so far, by name.
	 *
	 * @var array<string,object>
	 */
	private $parts = array();

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
		$this->privacy()->register();
		$this->site_health()->register();
		Frontend\Quote_Form::register();
		Frontend\Booking_Calendar::register();

		if ( is_admin() ) {
			( new Admin\Menu() )->register();
			( new Admin\Notices() )->register();
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
		$webhook = new Rest\Webhook_Controller( $this->webhook_handler() );
		$webhook->register_routes();
		add_filter( 'rest_pre_dispatch', array( $webhook, 'pre_dispatch' ), 10, 3 );
		add_filter( 'rest_pre_dispatch', array( Rest\Access::class, 'pre_dispatch' ), 5, 3 );

		$controllers = array(
			new Rest\Leads_Controller( $this->part( 'lead_query', Leads\Lead_Query::class ), $this->leads(), $this->timeline(), $this->bookings() ),
			new Rest\Lead_Notes_Controller( $this->leads(), $this->timeline() ),
			new Rest\Lead_Request_Controller( $this->leads(), $this->timeline() ),
			new Rest\Leads_Bulk_Controller( $this->leads(), $this->timeline() ),
			new Rest\Integrations_Controller( $this->http(), new Integrations\Webhook_Url_Check(), new Integrations\Test_Delivery( $this->http() ), $this->deliveries() ),
			new Rest\Calendly_Controller( new Integrations\Calendly_Client( $this->http() ) ),
			new Rest\Deliveries_Controller( $this->deliveries(), $this->webhook_handler() ),
			new Rest\Settings_Controller(),
			new Rest\Quote_Controller( $this->lead_capture() ),
			new Rest\Booking_Signal_Controller( $this->leads(), $this->timeline() ),
		);
		foreach ( $controllers as $controller ) {
			$controller->register_routes();
		}
	}

	/**
	 * A part, made on first use.
	 *
	 * @param string   $name  Name.
	 * @param string   $class Class (made with no arguments unless $make is given).
	 * @param callable $make  Makes it.
	 * @return object
	 */
	private function part( string $name, string $class, ?callable $make = null ) {
		if ( ! isset( $this->parts[ $name ] ) ) {
			$this->parts[ $name ] = $make ? $make() : new $class();
		}
		return $this->parts[ $name ];
	}

	/**
	 * Site Health's tests.
	 *
	 * @return Site_Health
	 */
	public function site_health(): Site_Health {
		return $this->part( 'site_health', Site_Health::class, fn() => new Site_Health( new Sidecar( $this->http() ), $this->deliveries() ) );
	}

	/**
	 * The HTTP client.
	 *
	 * @return Http
	 */
	public function http(): Http {
		return $this->part( 'http', Http::class );
	}

	/**
	 * Leads.
	 *
	 * @return Leads\Lead_Repository
	 */
	public function leads(): Leads\Lead_Repository {
		return $this->part( 'leads', Leads\Lead_Repository::class );
	}

	/**
	 * Bookings.
	 *
	 * @return Leads\Booking_Repository
	 */
	public function bookings(): Leads\Booking_Repository {
		return $this->part( 'bookings', Leads\Booking_Repository::class );
	}

	/**
	 * Timelines.
	 *
	 * @return Leads\Timeline
	 */
	public function timeline(): Leads\Timeline {
		return $this->part( 'timeline', Leads\Timeline::class );
	}

	/**
	 * The inbox and log of deliveries.
	 *
	 * @return Deliveries\Delivery_Repository
	 */
	public function deliveries(): Deliveries\Delivery_Repository {
		return $this->part( 'deliveries', Deliveries\Delivery_Repository::class );
	}

	/**
	 * Booking-link tokens.
	 *
	 * @return Leads\Token_Repository
	 */
	public function tokens(): Leads\Token_Repository {
		return $this->part( 'tokens', Leads\Token_Repository::class );
	}

	/**
	 * The counters (rate limits, one-time stamps, rejected deliveries).
	 *
	 * @return Guard\Counter_Repository
	 */
	public function counters(): Guard\Counter_Repository {
		return $this->part( 'counters', Guard\Counter_Repository::class );
	}

	/**
	 * The quote form's spam guards.
	 *
	 * @return Guard\Form_Guard
	 */
	public function form_guard(): Guard\Form_Guard {
		return $this->part(
			'form_guard',
			Guard\Form_Guard::class,
			function () {
				return new Guard\Form_Guard( $this->counters() );
			}
		);
	}

	/**
	 * The webhook's work (the REST route and the early path).
	 *
	 * @return Webhook_Handler
	 */
	public function webhook_handler(): Webhook_Handler {
		return $this->part(
			'webhook_handler',
			Webhook_Handler::class,
			function () {
				return new Webhook_Handler( $this->deliveries(), new Sidecar( $this->http() ), new Guard\Webhook_Guard( $this->counters(), $this->deliveries() ) );
			}
		);
	}

	/**
	 * Quote requests.
	 *
	 * @return Lead_Capture
	 */
	public function lead_capture(): Lead_Capture {
		return $this->part(
			'lead_capture',
			Lead_Capture::class,
			function () {
				return new Lead_Capture( $this->leads(), $this->timeline(), $this->tokens(), $this->form_guard() );
			}
		);
	}

	/**
	 * The personal data exporter and eraser.
	 *
	 * @return Privacy
	 */
	public function privacy(): Privacy {
		return $this->part(
			'privacy',
			Privacy::class,
			function () {
				return new Privacy( $this->leads(), $this->bookings(), $this->timeline(), $this->deliveries() );
			}
		);
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
