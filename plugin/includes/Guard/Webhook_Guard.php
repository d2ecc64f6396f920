<?php
/**
 * What a flood of deliveries can do: neither fill the disk nor the queue.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Guard;

use SolarCapture\Deliveries\Delivery_Repository;
use SolarCapture\Providers;

defined( 'ABSPATH' ) || exit;

/**
 * Before a delivery is stored: an address with 30 refused deliveries in 10 minutes is answered 429,
 * and while the queue's stored bodies exceed the cap every delivery is answered 503 (a genuine
 * provider retries later; nothing is stored). After a refused delivery: its address is counted and,
 * now and then, old refused rows are pruned (older than 7 days, or beyond the newest 1,000).
 */
final class Webhook_Guard {

	/**
	 * Refused deliveries from one address per window before it is answered 429.
	 */
	public const REJECTED_LIMIT  = 30;
	public const REJECTED_WINDOW = 600;

	/**
	 * Stored bodies of waiting deliveries beyond which new ones are refused (SOLAR_CAPTURE_QUEUE_MAX_BYTES).
	 */
	public const QUEUE_MAX_BYTES = 104857600;

	/**
	 * Refused rows kept: at most this many, none older than KEEP_REJECTED_DAYS.
	 */
	public const KEEP_REJECTED      = 1000;
	public const KEEP_REJECTED_DAYS = 7;

	/**
	 * About one refused delivery in this many prunes.
	 */
	public const PRUNE_EVERY = 20;

	/**
	 * Counters.
	 *
	 * @var Counter_Repository
	 */
	private $counters;

	/**
	 * The inbox.
	 *
	 * @var Delivery_Repository
	 */
	private $deliveries;

	/**
	 * Constructor.
	 *
	 * @param Counter_Repository  $counters   Counters.
	 * @param Delivery_Repository $deliveries The inbox.
	 */
	public function __construct( Counter_Repository $counters, Delivery_Repository $deliveries ) {
		$this->counters   = $counters;
		$this->deliveries = $deliveries;
	}

	/**
	 * Why a delivery from $address must not be stored, or null when it may.
	 *
	 * @param string $address Client address (Client_Address::current()).
	 * @return array{status:int, code:string}|null
	 */
	public function refusal( string $address ): ?array {
		if ( $this->counters->hits( self::bucket( $address ) ) >= self::rejected_limit() ) {
			return array(
				'status' => 429,
				'code'   => 'solar_capture_too_many_rejected',
			);
		}
		if ( $this->queue_full() ) {
			return array(
				'status' => 503,
				'code'   => 'solar_capture_queue_full',
			);
		}
		return null;
	}

	/**
	 * Count a refused delivery from $address (and now and then prune old refused rows).
	 *
	 * @param string $address Client address.
	 */
	public function rejected( string $address ): void {
		$this->counters->hit( self::bucket( $address ), 0, self::REJECTED_WINDOW );
		if ( 0 === wp_rand( 0, self::PRUNE_EVERY - 1 ) ) {
			$this->prune();
		}
	}

	/**
	 * Drop refused rows older than 7 days or beyond the newest 1,000, and ended counters.
	 *
	 * @return int Rows removed.
	 */
	public function prune(): int {
		$removed = $this->deliveries->prune_rejected( gmdate( 'Y-m-d H:i:s', time() - self::KEEP_REJECTED_DAYS * DAY_IN_SECONDS ), self::KEEP_REJECTED );
		$this->counters->prune( gmdate( 'Y-m-d H:i:s' ), 500 );
		return $removed;
	}

	/**
	 * Refused deliveries from one address per 10 minutes before it is answered 429.
	 *
	 * @return int
	 */
	public static function rejected_limit(): int {
		/**
		 * Filters how many refused deliveries (a wrong or missing signature or token, a provider that
		 * is not enabled, a body too large) one address may send in 10 minutes before it gets 429.
		 *
		 * @param int $limit Default 30.
		 */
		$limit = (int) apply_filters( 'solar_capture_webhook_rejected_limit', self::REJECTED_LIMIT );
		return $limit > 0 ? $limit : self::REJECTED_LIMIT;
	}

	/**
	 * Whether the stored bodies of waiting deliveries exceed the cap.
	 *
	 * @return bool
	 */
	public function queue_full(): bool {
		$max = self::max_bytes();
		// No stored body is larger than the route accepts: while few deliveries wait, their bodies
		// cannot add up to the cap, and the route does not sum every waiting body on each delivery
		// (with a backlog that would be the slowest thing it does). Counting uses the status index.
		$waiting = array_sum( $this->deliveries->count_by_status( array( 'queued', 'failed' ) ) );
		if ( $waiting * Providers::max_body_bytes() <= $max ) {
			return false;
		}
		return $this->deliveries->waiting_bytes() > $max;
	}

	/**
	 * The queue's cap in bytes: the SOLAR_CAPTURE_QUEUE_MAX_BYTES constant, else 100 MB.
	 *
	 * @return int
	 */
	public static function max_bytes(): int {
		$max = defined( 'SOLAR_CAPTURE_QUEUE_MAX_BYTES' ) && is_numeric( SOLAR_CAPTURE_QUEUE_MAX_BYTES ) && (int) SOLAR_CAPTURE_QUEUE_MAX_BYTES > 0
			? (int) SOLAR_CAPTURE_QUEUE_MAX_BYTES
			: self::QUEUE_MAX_BYTES;
		/**
		 * Filters the bytes of waiting deliveries' bodies beyond which new deliveries are refused (503).
		 *
		 * @param int $max Default 100 MB, or the SOLAR_CAPTURE_QUEUE_MAX_BYTES constant.
		 */
		$max = (int) apply_filters( 'solar_capture_queue_max_bytes', $max );
		return $max > 0 ? $max : self::QUEUE_MAX_BYTES;
	}

	/**
	 * The counter of refused deliveries from $address (IPv6 per /64).
	 *
	 * @param string $address Client address.
	 * @return string
	 */
	public static function bucket( string $address ): string {
		return Form_Guard::bucket( 'webhook_rejected', Client_Address::rate_key( $address ) );
	}
}
