<?php
/**
 * Solar Capture's tests on Tools → Site Health.
 *
 * @package SolarCapture
 */

namespace SolarCapture;

defined( 'ABSPATH' ) || exit;

/**
 * Site Health tests (WordPress's `site_status_tests`). Today one: whether the sidecar, which applies
 * booking webhooks to the leads, is reachable, and how many deliveries wait for it.
 */
final class Site_Health {

	/**
	 * The sidecar's API.
	 *
	 * @var Sidecar
	 */
	private $sidecar;

	/**
	 * Deliveries.
	 *
	 * @var Deliveries\Delivery_Repository
	 */
	private $deliveries;

	/**
	 * Test id (the result's `test` key).
	 */
	public const SIDECAR_TEST = 'solar_capture_sidecar';

	/**
	 * Milliseconds the sidecar has to answer /health.
	 */
	private const TIMEOUT_MS = 2000;

	/**
	 * Constructor.
	 *
	 * @param Sidecar                        $sidecar    The sidecar's API.
	 * @param Deliveries\Delivery_Repository $deliveries Deliveries.
	 */
	public function __construct( Sidecar $sidecar, Deliveries\Delivery_Repository $deliveries ) {
		$this->sidecar    = $sidecar;
		$this->deliveries = $deliveries;
	}

	/**
	 * Add the tests.
	 */
	public function register(): void {
		add_filter( 'site_status_tests', array( $this, 'add_tests' ) );
	}

	/**
	 * `site_status_tests` filter.
	 *
	 * @param array $tests Tests by kind (direct, async).
	 * @return array
	 */
	public function add_tests( $tests ): array {
		$tests                                 = is_array( $tests ) ? $tests : array();
		$tests['direct'][ self::SIDECAR_TEST ] = array(
			'label' => __( 'Solar Capture sidecar', 'solar-capture' ),
			'test'  => array( $this, 'sidecar_test' ),
		);
		return $tests;
	}

	/**
	 * The sidecar test: reachable, its database reachable, deliveries waiting or failed.
	 *
	 * @return array Site Health result (label, status, badge, description, actions, test).
	 */
	public function sidecar_test(): array {
		$health  = $this->sidecar->health( self::TIMEOUT_MS );
		$stored  = $this->waiting_in_database();
		$queued  = $health['reachable'] && null !== $health['queued'] ? $health['queued'] : $stored['queued'];
		$failed  = $health['reachable'] && null !== $health['failed'] ? $health['failed'] : $stored['failed'];
		$url     = Settings::sidecar_url();
		$actions = sprintf(
			'<p><a href="%s">%s</a></p>',
			esc_url( admin_url( 'admin.php?page=' . Admin\Menu::INTEGRATIONS ) ),
			esc_html__( 'Open Solar leads → Integrations', 'solar-capture' )
		);

		$bytes = $this->deliveries->waiting_bytes();
		if ( $bytes > Guard\Webhook_Guard::max_bytes() ) {
			return self::result(
				'critical',
				__( 'Solar Capture’s delivery queue is full: new booking deliveries are refused', 'solar-capture' ),
				array(
					esc_html(
						sprintf(
							/* translators: 1: size of the waiting deliveries, e.g. 120 MB, 2: the limit, e.g. 100 MB. */
							__( 'Deliveries waiting to be applied take %1$s, more than the %2$s the site keeps, so new ones are answered 503 without being stored (booking tools retry later; Cal.com does not). This happens when the sidecar has been stopped for long, or when someone floods the webhook URL.', 'solar-capture' ),
							size_format( $bytes ),
							size_format( Guard\Webhook_Guard::max_bytes() )
						)
					),
					$health['reachable']
						? esc_html__( 'The sidecar is running and applies them; the Integrations screen lists them. The limit is the SOLAR_CAPTURE_QUEUE_MAX_BYTES constant in wp-config.php.', 'solar-capture' )
						: esc_html__( 'The sidecar is not reachable: start it (systemctl start solar-capture-sidecar, or your host\'s Node.js app) and the queue empties. The limit is the SOLAR_CAPTURE_QUEUE_MAX_BYTES constant in wp-config.php.', 'solar-capture' ),
				),
				$actions
			);
		}

		if ( ! $health['reachable'] ) {
			$waiting = $queued + $failed;
			$parts   = array(
				sprintf(
					/* translators: %s: the sidecar's address, e.g. http://127.0.0.1:8787 or unix:/home/me/sidecar.sock. */
					esc_html__( 'Solar Capture applies booking webhooks (Cal.com, Calendly, Orufy and others) to your leads through a small Node.js service, the sidecar, which it expects at %s. Nothing answers there.', 'solar-capture' ),
					'<code>' . esc_html( $url ) . '</code>'
				),
				0 === $waiting
					? esc_html__( 'No delivery is waiting. Deliveries that arrive now are still stored, and applied as soon as the sidecar runs.', 'solar-capture' )
					: esc_html(
						sprintf(
							/* translators: 1: number of deliveries, 2: date and time of the oldest. */
							_n(
								'%1$d delivery is stored and waiting (the oldest since %2$s). Nothing is lost: it is applied as soon as the sidecar runs, but until then its booking does not move the lead.',
								'%1$d deliveries are stored and waiting (the oldest since %2$s). Nothing is lost: they are applied as soon as the sidecar runs, but until then their bookings do not move the leads.',
								$waiting,
								'solar-capture'
							),
							$waiting,
							$stored['oldest'] ? get_date_from_gmt( $stored['oldest'], get_option( 'date_format' ) . ' ' . get_option( 'time_format' ) ) : '—'
						)
					),
				esc_html__( 'Start the sidecar on this server (its systemd unit: systemctl start solar-capture-sidecar), or where your host offers Node.js apps (cPanel "Setup Node.js App", Plesk "Node.js") run it there. If it listens elsewhere, set SOLAR_CAPTURE_SIDECAR_URL in wp-config.php to its address: an http:// URL, or unix: and the path of its socket.', 'solar-capture' ),
			);
			return self::result(
				$waiting > 0 ? 'critical' : 'recommended',
				$waiting > 0
					? __( 'Solar Capture cannot reach its sidecar, and booking deliveries are waiting', 'solar-capture' )
					: __( 'Solar Capture cannot reach its sidecar', 'solar-capture' ),
				$parts,
				$actions
			);
		}

		if ( ! $health['ok'] ) {
			return self::result(
				'critical',
				__( 'Solar Capture’s sidecar cannot reach the database', 'solar-capture' ),
				array(
					sprintf(
						/* translators: %s: the sidecar's address. */
						esc_html__( 'The sidecar answers at %s but cannot read or write the database, so booking deliveries are stored and wait. Check its database settings (DB_HOST, DB_NAME, DB_USER, DB_PASSWORD in its environment) and its log.', 'solar-capture' ),
						'<code>' . esc_html( $url ) . '</code>'
					),
				),
				$actions
			);
		}

		if ( $failed > 0 ) {
			return self::result(
				'recommended',
				__( 'Some booking deliveries could not be applied', 'solar-capture' ),
				array(
					esc_html(
						sprintf(
							/* translators: %d: number of deliveries. */
							_n(
								'%d delivery failed on this site’s side and is kept. The sidecar retries it a few times; the Integrations screen shows why it failed and replays it.',
								'%d deliveries failed on this site’s side and are kept. The sidecar retries them a few times; the Integrations screen shows why they failed and replays them.',
								$failed,
								'solar-capture'
							),
							$failed
						)
					),
				),
				$actions
			);
		}

		return self::result(
			'good',
			__( 'Solar Capture’s sidecar is running', 'solar-capture' ),
			array(
				esc_html(
					sprintf(
						/* translators: 1: version, 2: number of deliveries being applied. */
						_n( 'Sidecar %1$s applies booking webhooks to your leads; %2$d delivery is being applied.', 'Sidecar %1$s applies booking webhooks to your leads; %2$d deliveries are being applied.', $queued, 'solar-capture' ),
						(string) $health['version'],
						$queued
					)
				),
			),
			''
		);
	}

	/**
	 * A Site Health result.
	 *
	 * @param string   $status      good, recommended or critical.
	 * @param string   $label       Headline (plain text).
	 * @param string[] $paragraphs  Escaped HTML, one paragraph each.
	 * @param string   $actions     Escaped HTML.
	 * @return array
	 */
	private static function result( string $status, string $label, array $paragraphs, string $actions ): array {
		return array(
			'label'       => $label,
			'status'      => $status,
			'badge'       => array(
				'label' => __( 'Solar Capture', 'solar-capture' ),
				'color' => 'good' === $status ? 'blue' : ( 'critical' === $status ? 'red' : 'orange' ),
			),
			'description' => '<p>' . implode( '</p><p>', $paragraphs ) . '</p>',
			'actions'     => $actions,
			'test'        => self::SIDECAR_TEST,
		);
	}

	/**
	 * Queued and failed deliveries of this site as stored (what waits while the sidecar is away), and
	 * when the oldest waiting one arrived (UTC).
	 *
	 * @return array{queued:int, failed:int, oldest:?string}
	 */
	private function waiting_in_database(): array {
		$counts = $this->deliveries->count_by_status( array( 'queued', 'failed' ) );
		return array(
			'queued' => $counts['queued'],
			'failed' => $counts['failed'],
			'oldest' => $counts['queued'] + $counts['failed'] > 0 ? $this->deliveries->oldest_received( array( 'queued', 'failed' ) ) : null,
		);
	}
}
