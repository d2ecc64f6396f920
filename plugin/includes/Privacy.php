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
			$items[] = self::booking_item( $row );
		}
		foreach ( $this->timeline->all_of( (int) $lead['id'] ) as $row ) {
			$items[] = self::event_item( $row, 'note' === $row['type'] );
		}

		return array(
			'data' => array_merge( $items, $this->export_mentions( $email, $lead ), $this->export_deliveries( $email, $lead ) ),
			'done' => true,
		);
	}

	/**
	 * One timeline entry as an export item: a note (its text) or another event (its data as stored).
	 *
	 * @param array $row     Event row (id, type, data, created_at).
	 * @param bool  $as_note Export it as a note of the address's own lead.
	 * @return array
	 */
	private static function event_item( array $row, bool $as_note ): array {
		$decoded = $as_note ? json_decode( (string) $row['data'], true ) : null;
		return array(
			'group_id'    => $as_note ? 'solar-capture-notes' : 'solar-capture-timeline',
			'group_label' => $as_note ? __( 'Notes about your solar quote request', 'solar-capture' ) : __( 'History of your solar quote request', 'solar-capture' ),
			'item_id'     => 'solar-event-' . (int) $row['id'],
			'data'        => array(
				array(
					'name'  => __( 'Time (UTC)', 'solar-capture' ),
					'value' => (string) $row['created_at'],
				),
				array(
					'name'  => __( 'Event', 'solar-capture' ),
					'value' => (string) $row['type'],
				),
				array(
					'name'  => __( 'Details', 'solar-capture' ),
					'value' => is_array( $decoded ) && isset( $decoded['text'] ) ? (string) $decoded['text'] : (string) $row['data'],
				),
			),
		);
	}

	/**
	 * One booking as an export item.
	 *
	 * @param array $row Booking row.
	 * @return array
	 */
	private static function booking_item( array $row ): array {
		$guests = json_decode( (string) ( $row['guests'] ?? '' ), true );
		$names  = array();
		foreach ( is_array( $guests ) ? $guests : array() as $guest ) {
			if ( is_array( $guest ) && ! empty( $guest['email'] ) ) {
				$names[] = trim( ( isset( $guest['name'] ) && is_string( $guest['name'] ) ? $guest['name'] . ' ' : '' ) . '<' . $guest['email'] . '>' );
			} elseif ( is_string( $guest ) ) {
				$names[] = $guest;
			}
		}
		$data = array(
			array(
				'name'  => __( 'Booking', 'solar-capture' ),
				'value' => (string) ( $row['title'] ?? '' ),
			),
			array(
				'name'  => __( 'Status', 'solar-capture' ),
				'value' => (string) ( $row['status'] ?? '' ),
			),
			array(
				'name'  => __( 'Start (UTC)', 'solar-capture' ),
				'value' => (string) ( $row['start_at'] ?? '' ),
			),
			array(
				'name'  => __( 'Booked through', 'solar-capture' ),
				'value' => (string) ( $row['provider'] ?? '' ),
			),
			array(
				'name'  => __( 'Booked by (e-mail)', 'solar-capture' ),
				'value' => (string) ( $row['attendee_email'] ?? '' ),
			),
			array(
				'name'  => __( 'Time zone', 'solar-capture' ),
				'value' => (string) ( $row['timezone'] ?? '' ),
			),
			array(
				'name'  => __( 'Guests', 'solar-capture' ),
				'value' => implode( ', ', $names ),
			),
		);
		return array(
			'group_id'    => 'solar-capture-bookings',
			'group_label' => __( 'Solar survey bookings', 'solar-capture' ),
			'item_id'     => 'solar-booking-' . (int) $row['id'],
			'data'        => array_values(
				array_filter(
					$data,
					static function ( $pair ) {
						return '' !== $pair['value'];
					}
				)
			),
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
			$items[] = self::booking_item( $row );
		}
		foreach ( $this->other_events( $email, $lead ) as $row ) {
			$items[] = self::event_item( $row, false );
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
		return $this->bookings->mentioning( $email, self::email_variants( $email ), $lead ? (int) $lead['id'] : 0 );
	}

	/**
	 * Timeline entries of other leads whose data names the address.
	 *
	 * @param string     $email E-mail address.
	 * @param array|null $lead  The address's own lead, if any.
	 * @return array[]
	 */
	private function other_events( string $email, ?array $lead ): array {
		return $this->timeline->mentioning( self::email_variants( $email ), $lead ? (int) $lead['id'] : 0 );
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
		$pattern = '/' . preg_quote( $email, '/' ) . '/i';
		$erased  = __( '[erased]', 'solar-capture' );
		foreach ( $this->other_bookings( $email, $lead ) as $row ) {
			$update = array();
			if ( strtolower( trim( (string) $row['attendee_email'] ) ) === strtolower( $email ) ) {
				$update['attendee_email'] = '';
			}
			$guests = json_decode( (string) $row['guests'], true );
			if ( is_array( $guests ) ) {
				$kept = array_values(
					array_filter(
						$guests,
						static function ( $guest ) use ( $email ) {
							$address = is_array( $guest ) ? (string) ( $guest['email'] ?? '' ) : (string) $guest;
							return strtolower( trim( $address ) ) !== strtolower( $email );
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
			$data = (string) preg_replace( '/' . preg_quote( rawurlencode( $email ), '/' ) . '/i', $erased, $data );
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
	 * Stored booking deliveries linked to the lead or naming the address, raw body included.
	 *
	 * @param string     $email E-mail address.
	 * @param array|null $lead  The lead, if any.
	 * @return array[] Export items.
	 */
	private function export_deliveries( string $email, ?array $lead ): array {
		$rows  = $this->deliveries->with_body_about( self::email_variants( $email ), $lead ? (int) $lead['id'] : 0 );
		$items = array();
		foreach ( $rows as $row ) {
			$items[] = array(
				'group_id'    => 'solar-capture-deliveries',
				'group_label' => __( 'Booking notifications received about you', 'solar-capture' ),
				'item_id'     => 'solar-delivery-' . (int) $row['id'],
				'data'        => array(
					array(
						'name'  => __( 'Received (UTC)', 'solar-capture' ),
						'value' => (string) $row['received_at'],
					),
					array(
						'name'  => __( 'Booking tool', 'solar-capture' ),
						'value' => (string) $row['provider'],
					),
					array(
						'name'  => __( 'Event', 'solar-capture' ),
						'value' => (string) $row['trigger_name'],
					),
					array(
						'name'  => __( 'Content as received', 'solar-capture' ),
						'value' => (string) $row['body'],
					),
				),
			);
		}
		return $items;
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
		$bodies = $this->deliveries->erase_bodies_about( '' === $email ? array() : self::email_variants( $email ), $lead ? (int) $lead['id'] : 0 );

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
