<?php
/**
 * Personal data export and erasure (Tools → Export / Erase Personal Data).
 *
 * @package SolarCapture
 */

namespace SolarCapture;

use SolarCapture\Deliveries\Delivery_Repository;
use SolarCapture\Leads\Booking_Repository;
use SolarCapture\Leads\Lead_Fields;
use SolarCapture\Leads\Lead_Repository;
use SolarCapture\Leads\Timeline;

defined( 'ABSPATH' ) || exit;

/**
 * A lead is found by its normalised e-mail; bookings, timeline entries and stored deliveries of
 * other leads are found by the address as typed, lower-cased or URL-encoded (email_variants()).
 * Every read and write goes through the repositories.
 */
class Privacy {

	/**
	 * Leads.
	 *
	 * @var Lead_Repository
	 */
	private $leads;

	/**
	 * Bookings.
	 *
	 * @var Booking_Repository
	 */
	private $bookings;

	/**
	 * Timelines.
	 *
	 * @var Timeline
	 */
	private $timeline;

	/**
	 * Stored deliveries.
	 *
	 * @var Delivery_Repository
	 */
	private $deliveries;

	/**
	 * Constructor.
	 *
	 * @param Lead_Repository     $leads      Leads.
	 * @param Booking_Repository  $bookings   Bookings.
	 * @param Timeline            $timeline   Timelines.
	 * @param Delivery_Repository $deliveries Stored deliveries.
	 */
	public function __construct( Lead_Repository $leads, Booking_Repository $bookings, Timeline $timeline, Delivery_Repository $deliveries ) {
		$this->leads      = $leads;
		$this->bookings   = $bookings;
		$this->timeline   = $timeline;
		$this->deliveries = $deliveries;
	}

	/**
	 * Add the hooks.
	 */
	public function register(): void {
		add_filter( 'wp_privacy_personal_data_exporters', array( $this, 'add_exporter' ) );
		add_filter( 'wp_privacy_personal_data_erasers', array( $this, 'add_eraser' ) );
		add_action( 'admin_init', array( self::class, 'policy_text' ) );
	}

	/**
	 * Register the exporter.
	 *
	 * @param array $exporters Exporters.
	 * @return array
	 */
	public function add_exporter( $exporters ): array {
		$exporters['solar-capture'] = array(
			'exporter_friendly_name' => __( 'Solar Capture leads', 'solar-capture' ),
			'callback'               => array( $this, 'export' ),
		);
		return (array) $exporters;
	}

	/**
	 * Register the eraser.
	 *
	 * @param array $erasers Erasers.
	 * @return array
	 */
	public function add_eraser( $erasers ): array {
		$erasers['solar-capture'] = array(
			'eraser_friendly_name' => __( 'Solar Capture leads', 'solar-capture' ),
			'callback'             => array( $this, 'erase' ),
		);
		return (array) $erasers;
	}

	/**
	 * Exporter callback.
	 *
	 * @param string $email E-mail address.
	 * @param int    $page  Page (one page is enough: one lead per e-mail).
	 * @return array
	 */
	public function export( $email, $page = 1 ): array {
		$email = trim( (string) $email );
		$lead  = '' === $email ? null : $this->leads->find_by_email( $email );
		if ( ! $lead ) {
			return array(
				'data' => '' === $email ? array() : array_merge( $this->export_mentions( $email, null ), $this->export_deliveries( $email, null ) ),
				'done' => true,
			);
		}

		$data = array();
		foreach ( Lead_Fields::file_labels( 'privacy' ) as $key => $label ) {
			if ( null === $lead[ $key ] || '' === (string) $lead[ $key ] ) {
				continue;
			}
			$value = 'stage' === $key ? Pipeline::label( (string) $lead[ $key ] ) : (string) $lead[ $key ];
			if ( 'boolean' === Lead_Fields::type( $key ) ) {
				$value = (int) $lead[ $key ] ? __( 'Yes', 'solar-capture' ) : __( 'No', 'solar-capture' );
			}
			$data[] = array(
				'name'  => $label,
				'value' => $value,
			);
		}

		$items = array(
			array(
				'group_id'    => 'solar-capture-lead',
				'group_label' => __( 'Solar quote request', 'solar-capture' ),
				'item_id'     => 'solar-lead-' . (int) $lead['id'],
				'data'        => $data,
			),
		);
		foreach ( $this->bookings->all_of( (int) $lead['id'] ) as $row ) {
			$items[] = Privacy_Items::booking( $row );
		}
		foreach ( $this->timeline->all_of( (int) $lead['id'] ) as $row ) {
			$items[] = Privacy_Items::event( $row, 'note' === $row['type'] );
		}

		return array(
			'data' => array_merge( $items, $this->export_mentions( $email, $lead ), $this->export_deliveries( $email, $lead ) ),
			'done' => true,
		);
	}

	/**
	 * Where the address appears in someone else's records: bookings it made or was a guest of
	 * for another lead, and timeline entries of other leads naming it (a no-show mark, say).
	 *
	 * @param string     $email E-mail address.
	 * @param array|null $lead  The address's own lead, if any (its records are exported already).
	 * @return array[] Export items.
	 */
	private function export_mentions( string $email, ?array $lead ): array {
		$items = array();
		foreach ( $this->other_bookings( $email, $lead ) as $row ) {
			$items[] = Privacy_Items::booking( $row );
		}
		foreach ( $this->other_events( $email, $lead ) as $row ) {
			$items[] = Privacy_Items::event( $row, false );
		}
		return $items;
	}

	/**
	 * Bookings of other leads that the address made or is a guest of.
	 *
	 * @param string     $email E-mail address.
	 * @param array|null $lead  The address's own lead, if any.
	 * @return array[]
	 */
	private function other_bookings( string $email, ?array $lead ): array {
		$rows = $this->bookings->mentioning( $email, self::email_variants( $email ), $lead ? (int) $lead['id'] : 0 );
		return array_values(
			array_filter(
				$rows,
				static function ( array $row ) use ( $email ): bool {
					return self::same_address( (string) $row['attendee_email'], $email ) || self::names_address( (string) $row['guests'], $email );
				}
			)
		);
	}

	/**
	 * Timeline entries of other leads whose data names the address.
	 *
	 * @param string     $email E-mail address.
	 * @param array|null $lead  The address's own lead, if any.
	 * @return array[]
	 */
	private function other_events( string $email, ?array $lead ): array {
		$rows = $this->timeline->mentioning( self::email_variants( $email ), $lead ? (int) $lead['id'] : 0 );
		return array_values(
			array_filter(
				$rows,
				static function ( array $row ) use ( $email ): bool {
					return self::names_address( (string) $row['data'], $email );
				}
			)
		);
	}

	/**
	 * Remove the address from other leads' bookings and timeline entries.
	 *
	 * @param string     $email E-mail address.
	 * @param array|null $lead  The address's own lead, if any (erased whole).
	 * @return int How many rows changed.
	 */
	private function erase_mentions( string $email, ?array $lead ): int {
		$changed = 0;
		$pattern = self::address_pattern( $email );
		$erased  = __( '[erased]', 'solar-capture' );
		foreach ( $this->other_bookings( $email, $lead ) as $row ) {
			$update = array();
			if ( self::same_address( (string) $row['attendee_email'], $email ) ) {
				$update['attendee_email'] = '';
			}
			$guests = json_decode( (string) $row['guests'], true );
			if ( is_array( $guests ) ) {
				$kept = array_values(
					array_filter(
						$guests,
						static function ( $guest ) use ( $email ) {
							$address = is_array( $guest ) ? (string) ( $guest['email'] ?? '' ) : (string) $guest;
							return ! self::same_address( $address, $email );
						}
					)
				);
				if ( count( $kept ) !== count( $guests ) ) {
					$update['guests'] = (string) wp_json_encode( $kept, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE );
				}
			} elseif ( null !== $row['guests'] && preg_match( $pattern, (string) $row['guests'] ) ) {
				$update['guests'] = (string) preg_replace( $pattern, $erased, (string) $row['guests'] );
			}
			if ( $update ) {
				$changed += $this->bookings->update( (int) $row['id'], $update );
			}
		}
		foreach ( $this->other_events( $email, $lead ) as $row ) {
			$data = (string) preg_replace( $pattern, $erased, (string) $row['data'] );
			if ( $data !== $row['data'] ) {
				$changed += $this->timeline->replace_data( (int) $row['id'], $data );
			}
		}
		return $changed;
	}

	/**
	 * How an address may appear in a raw body: as typed, lower-cased, URL-encoded (form bodies).
	 * LIKE ignores ASCII case on SQLite and with MySQL's usual collations; the lower-cased
	 * variants cover case-sensitive collations.
	 *
	 * @param string $email E-mail address.
	 * @return string[]
	 */
	public static function email_variants( string $email ): array {
		return array_values( array_unique( array( $email, strtolower( $email ), rawurlencode( $email ), rawurlencode( strtolower( $email ) ) ) ) );
	}

	/**
	 * Whether $text names $email as a whole address, as typed in any case or URL-encoded: not as
	 * part of a longer one (spat@example.org, pat@example.org.uk). The LIKE searches find
	 * candidates; this decides, so that nobody else's records are exported or changed.
	 *
	 * @param string $text  Stored text (JSON, a raw body).
	 * @param string $email E-mail address.
	 * @return bool
	 */
	public static function names_address( string $text, string $email ): bool {
		return '' !== $email && 1 === preg_match( self::address_pattern( $email ), $text );
	}

	/**
	 * Stored deliveries with a body that are linked to the lead or name the address (at most $limit).
	 *
	 * @param string     $email E-mail address ('' for none).
	 * @param array|null $lead  The address's lead, if any.
	 * @param int        $limit Most rows.
	 * @return array[]
	 */
	private function deliveries_about( string $email, ?array $lead, int $limit ): array {
		$lead_id = $lead ? (int) $lead['id'] : 0;
		$texts   = '' === $email ? array() : self::email_variants( $email );
		$found   = array();
		$after   = 0;
		do {
			$rows = $this->deliveries->with_body_about( $texts, $lead_id, $after, $limit );
			foreach ( $rows as $row ) {
				$after = (int) $row['id'];
				if ( ( $lead_id && (int) $row['lead_id'] === $lead_id ) || self::names_address( (string) $row['body'], $email ) ) {
					$found[] = $row;
				}
			}
		} while ( count( $rows ) === $limit && count( $found ) < $limit );
		return array_slice( $found, 0, $limit );
	}

	/**
	 * Whether two addresses are the same (trimmed, case-insensitive).
	 *
	 * @param string $a An address.
	 * @param string $b Another.
	 * @return bool
	 */
	public static function same_address( string $a, string $b ): bool {
		return '' !== trim( $a ) && strtolower( trim( $a ) ) === strtolower( trim( $b ) );
	}

	/**
	 * The regular expression of names_address(): the address or its URL-encoded form, with no
	 * address character before it and no address character (or dot and more domain) after it.
	 *
	 * @param string $email E-mail address.
	 * @return string
	 */
	private static function address_pattern( string $email ): string {
		$forms = array();
		foreach ( array_unique( array( $email, rawurlencode( $email ) ) ) as $form ) {
			$forms[] = preg_quote( $form, '/' );
		}
		return '/(?<![A-Za-z0-9._%+\-])(?:' . implode( '|', $forms ) . ')(?![A-Za-z0-9\-]|\.[A-Za-z0-9])/i';
	}

	/**
	 * Stored booking deliveries linked to the lead or naming the address, raw body included.
	 *
	 * @param string     $email E-mail address.
	 * @param array|null $lead  The lead, if any.
	 * @return array[] Export items.
	 */
	private function export_deliveries( string $email, ?array $lead ): array {
		$rows = $this->deliveries_about( $email, $lead, Delivery_Repository::MAX_MENTIONS );
		return array_map( array( Privacy_Items::class, 'delivery' ), $rows );
	}

	/**
	 * Eraser callback: the lead, its bookings and timeline (notes included); every stored delivery
	 * linked to the lead or whose raw body contains the address (as is or URL-encoded) loses its
	 * body and headers, whether or not a lead still exists for the address.
	 *
	 * @param string $email E-mail address.
	 * @param int    $page  Page.
	 * @return array
	 */
	public function erase( $email, $page = 1 ): array {
		$email  = trim( (string) $email );
		$lead   = '' === $email ? null : $this->leads->find_by_email( $email );
		$bodies = 0;
		if ( '' !== $email || $lead ) {
			do {
				$rows    = $this->deliveries_about( $email, $lead, 200 );
				$bodies += $this->deliveries->erase_bodies( array_column( $rows, 'id' ) );
			} while ( count( $rows ) === 200 );
		}

		$mentions = '' === $email ? 0 : $this->erase_mentions( $email, $lead );
		if ( $lead ) {
			$this->leads->delete( array( (int) $lead['id'] ) );
		}

		$messages = array();
		if ( $mentions > 0 ) {
			$messages[] = sprintf(
				/* translators: %d: number of records. */
				_n( 'The address was removed from %d booking or history entry of another lead.', 'The address was removed from %d bookings or history entries of other leads.', $mentions, 'solar-capture' ),
				$mentions
			);
		}
		if ( $bodies > 0 ) {
			$messages[] = sprintf(
				/* translators: %d: number of stored webhook deliveries. */
				_n( 'The raw content of %d stored booking delivery was erased; its log entry (time, provider, status) is kept.', 'The raw content of %d stored booking deliveries was erased; their log entries (time, provider, status) are kept.', $bodies, 'solar-capture' ),
				$bodies
			);
		}

		return array(
			'items_removed'  => $lead || $bodies > 0 || $mentions > 0,
			'items_retained' => false,
			'messages'       => $messages,
			'done'           => true,
		);
	}

	/**
	 * Suggested privacy policy text.
	 */
	public static function policy_text(): void {
		if ( ! function_exists( 'wp_add_privacy_policy_content' ) ) {
			return;
		}
		wp_add_privacy_policy_content(
			__( 'Solar Capture', 'solar-capture' ),
			wp_kses_post(
				'<p>' . __( 'When you request a solar quote or book a survey call, we store your name, e-mail address, phone number, postcode or address, and the details you give about your home and electricity bill, together with your booking times. We use them to prepare your quote and contact you about it. Bookings made through our booking tool (such as Cal.com or Calendly) are sent to this site by that tool.', 'solar-capture' ) . '</p>'
			)
		);
	}
}
