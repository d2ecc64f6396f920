<?php
/**
 * The quote form's spam guards: honeypot, one-time signed time stamps, per-address rate limits,
 * and a limit on the confirmation e-mails one address receives.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Guard;

use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * Nothing is written for a request these checks refuse: the honeypot, the stamp's signature and
 * age, and a stamp already used are checked by reading only; the rate limit is one conditional
 * write that writes nothing once the limit is reached; the stamp is taken last.
 */
class Form_Guard {

	/**
	 * Fewer seconds than this between showing and sending the form looks like a bot.
	 */
	public const MIN_SECONDS = 3;

	/**
	 * A stamp older than this is refused (the form's script fetches a fresh one on load, so a
	 * page from a page cache still works).
	 */
	public const MAX_SECONDS = DAY_IN_SECONDS;

	/**
	 * Quote requests allowed per address (IPv4, or IPv6 /64) per RATE_WINDOW seconds.
	 */
	public const RATE_LIMIT  = 20;
	public const RATE_WINDOW = 600;

	/**
	 * Confirmation e-mails (call to action "only in the confirmation e-mail") one address receives per MAIL_WINDOW.
	 */
	public const MAIL_LIMIT  = 3;
	public const MAIL_WINDOW = DAY_IN_SECONDS;

	/**
	 * One accepted request in about this many prunes the ended counters.
	 */
	public const PRUNE_EVERY = 50;

	/**
	 * The counters.
	 *
	 * @var Counter_Repository
	 */
	private $counters;

	/**
	 * Constructor.
	 *
	 * @param Counter_Repository $counters The counters.
	 */
	public function __construct( Counter_Repository $counters ) {
		$this->counters = $counters;
	}

	/**
	 * A signed time stamp for the form's hidden field: `<unix time>.<random>.<signature>`. The
	 * random part makes every stamp different, so each is accepted once.
	 *
	 * @param int|null $time Unix time to stamp (default now).
	 * @return string
	 */
	public static function stamp( ?int $time = null ): string {
		$time  = (string) ( null === $time ? time() : $time );
		$nonce = bin2hex( random_bytes( 8 ) );
		return $time . '.' . $nonce . '.' . self::sign( $time . '.' . $nonce );
	}

	/**
	 * The signature part of a stamp.
	 *
	 * @param string $payload `<time>.<random>`.
	 * @return string
	 */
	private static function sign( string $payload ): string {
		return substr( wp_hash( 'solar-capture-form|' . $payload, 'nonce' ), 0, 20 );
	}

	/**
	 * The checks, in order: honeypot, stamp (signed, not too fresh, not too old, not used), the
	 * `solar_capture_quote_spam_check` filter, the rate limit (counted), then the stamp is taken.
	 *
	 * @param array  $input Raw input (honeypot `website`, `stamp`).
	 * @param string $ip    Client address ('' when unknown: not rate-limited).
	 * @return true|WP_Error
	 */
	public function check( array $input, string $ip ) {
		$refused = new WP_Error( 'solar_capture_refused', __( 'Your request could not be sent. Please try again in a moment.', 'solar-capture' ), array( 'status' => 400 ) );
		if ( ! empty( $input['website'] ) ) {
			return $refused;
		}

		$stamp = isset( $input['stamp'] ) && is_string( $input['stamp'] ) ? $input['stamp'] : '';
		$parts = explode( '.', $stamp );
		if ( 3 !== count( $parts ) || ! ctype_digit( $parts[0] ) || ! ctype_xdigit( $parts[1] ) || ! hash_equals( self::sign( $parts[0] . '.' . $parts[1] ), $parts[2] ) ) {
			return $refused;
		}
		$age = time() - (int) $parts[0];
		if ( $age < self::MIN_SECONDS ) {
			return new WP_Error( 'solar_capture_too_fast', __( 'That was quick! Please check your details and send the form again.', 'solar-capture' ), array( 'status' => 429 ) );
		}
		$expired = new WP_Error( 'solar_capture_stamp_expired', __( 'This form was open for a long time. Please send it again.', 'solar-capture' ), array( 'status' => 400 ) );
		if ( $age > self::MAX_SECONDS ) {
			return $expired;
		}
		$used = 'stamp:' . $parts[1];
		if ( $this->counters->taken( $used ) ) {
			return $expired;
		}

		/**
		 * Filters the spam verdict on a quote request (return a WP_Error to refuse it).
		 *
		 * @param true|WP_Error $verdict Verdict so far.
		 * @param array         $input   Raw input.
		 * @param string        $ip      Client IP address.
		 */
		$verdict = apply_filters( 'solar_capture_quote_spam_check', true, $input, $ip );
		if ( is_wp_error( $verdict ) ) {
			return $verdict;
		}

		if ( '' !== $ip ) {
			/**
			 * Filters how many quote requests one address (an IPv6 /64) may send per 10 minutes (0: no limit).
			 * Behind a reverse proxy, list it in SOLAR_CAPTURE_TRUSTED_PROXIES instead of raising this.
			 *
			 * @param int $limit Requests per window.
			 */
			$limit = (int) apply_filters( 'solar_capture_quote_rate_limit', self::RATE_LIMIT );
			if ( $limit > 0 && ! $this->counters->hit( self::bucket( 'quote', Client_Address::rate_key( $ip ) ), $limit, self::RATE_WINDOW ) ) {
				return new WP_Error( 'solar_capture_rate_limited', __( 'Too many requests from your connection. Please try again later.', 'solar-capture' ), array( 'status' => 429 ) );
			}
		}

		// Taken last; two requests racing with one stamp: one wins.
		if ( ! $this->counters->claim( $used, self::MAX_SECONDS + self::RATE_WINDOW ) ) {
			return $expired;
		}
		// About one accepted request in PRUNE_EVERY removes ended windows (bounded, no cron needed).
		if ( 0 === wp_rand( 0, self::PRUNE_EVERY - 1 ) ) {
			$this->counters->prune( gmdate( 'Y-m-d H:i:s' ), 500 );
		}
		return true;
	}

	/**
	 * Whether another confirmation e-mail may go to $email now (counted when it may).
	 *
	 * @param string $email Address.
	 * @return bool
	 */
	public function allow_confirmation_mail( string $email ): bool {
		/**
		 * Filters how many booking-link confirmation e-mails one address receives per day (0: no limit).
		 *
		 * @param int $limit E-mails per day.
		 */
		$limit = (int) apply_filters( 'solar_capture_confirmation_mail_limit', self::MAIL_LIMIT );
		return $limit <= 0 || $this->counters->hit( self::bucket( 'mail', strtolower( trim( $email ) ) ), $limit, self::MAIL_WINDOW );
	}

	/**
	 * A counter's name: what it counts and a keyed hash of whom (no address is stored as it is).
	 *
	 * @param string $kind What it counts.
	 * @param string $who  Address, e-mail.
	 * @return string
	 */
	public static function bucket( string $kind, string $who ): string {
		return $kind . ':' . substr( wp_hash( 'solar-capture-' . $kind . '|' . $who, 'nonce' ), 0, 32 );
	}

	/**
	 * The counters (for pruning and tests).
	 *
	 * @return Counter_Repository
	 */
	public function counters(): Counter_Repository {
		return $this->counters;
	}
}
