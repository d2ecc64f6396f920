<?php
/**
 * Personal data export and erasure (Tools → Export / Erase Personal Data).
 *
 * @package SolarCapture
 */

namespace SolarCapture;

defined( 'ABSPATH' ) || exit;

/**
 * A lead is found by its normalised e-mail.
 */
final class Privacy {

	/**
	 * Add the hooks.
	 */
	public static function register(): void {
		add_filter( 'wp_privacy_personal_data_exporters', array( self::class, 'add_exporter' ) );
		add_filter( 'wp_privacy_personal_data_erasers', array( self::class, 'add_eraser' ) );
		add_action( 'admin_init', array( self::class, 'policy_text' ) );
	}

	/**
	 * Register the exporter.
	 *
	 * @param array $exporters Exporters.
	 * @return array
	 */
	public static function add_exporter( $exporters ): array {
		$exporters['solar-capture'] = array(
			'exporter_friendly_name' => __( 'Solar Capture leads', 'solar-capture' ),
			'callback'               => array( self::class, 'export' ),
		);
		return (array) $exporters;
	}

	/**
	 * Register the eraser.
	 *
	 * @param array $erasers Erasers.
	 * @return array
	 */
	public static function add_eraser( $erasers ): array {
		$erasers['solar-capture'] = array(
			'eraser_friendly_name' => __( 'Solar Capture leads', 'solar-capture' ),
			'callback'             => array( self::class, 'erase' ),
		);
		return (array) $erasers;
	}

	/**
	 * The lead with this e-mail, if any.
	 *
	 * @param string $email E-mail.
	 * @return array|null
	 */
	private static function find_lead( string $email ): ?array {
		global $wpdb;
		$table = Schema::table( 'leads' );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name.
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT * FROM $table WHERE email_normalized = %s", strtolower( trim( $email ) ) ), ARRAY_A );
		return is_array( $row ) ? $row : null;
	}

	/**
	 * Exporter callback.
	 *
	 * @param string $email E-mail address.
	 * @param int    $page  Page (one page is enough: one lead per e-mail).
	 * @return array
	 */
	public static function export( $email, $page = 1 ): array {
		global $wpdb;
		$lead = self::find_lead( (string) $email );
		if ( ! $lead ) {
			return array(
				'data' => array(),
				'done' => true,
			);
		}

		$fields = array(
			'email'        => __( 'E-mail', 'solar-capture' ),
			'name'         => __( 'Name', 'solar-capture' ),
			'phone'        => __( 'Phone', 'solar-capture' ),
			'postcode'     => __( 'Postcode', 'solar-capture' ),
			'address'      => __( 'Address', 'solar-capture' ),
			'monthly_bill' => __( 'Monthly bill', 'solar-capture' ),
			'roof_type'    => __( 'Roof type', 'solar-capture' ),
			'homeowner'    => __( 'Homeowner', 'solar-capture' ),
			'message'      => __( 'Message', 'solar-capture' ),
			'source'       => __( 'Source', 'solar-capture' ),
			'stage'        => __( 'Stage', 'solar-capture' ),
			'created_at'   => __( 'Created (UTC)', 'solar-capture' ),
		);
		$data = array();
		foreach ( $fields as $key => $label ) {
			if ( null === $lead[ $key ] || '' === (string) $lead[ $key ] ) {
				continue;
			}
			$value = 'stage' === $key ? Pipeline::label( (string) $lead[ $key ] ) : (string) $lead[ $key ];
			if ( 'homeowner' === $key ) {
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

		$bookings = Schema::table( 'bookings' );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name.
		$rows = (array) $wpdb->get_results( $wpdb->prepare( "SELECT id, provider, title, status, start_at, end_at, timezone FROM $bookings WHERE lead_id = %d ORDER BY id", (int) $lead['id'] ), ARRAY_A );
		foreach ( $rows as $row ) {
			$items[] = array(
				'group_id'    => 'solar-capture-bookings',
				'group_label' => __( 'Solar survey bookings', 'solar-capture' ),
				'item_id'     => 'solar-booking-' . (int) $row['id'],
				'data'        => array(
					array(
						'name'  => __( 'Booking', 'solar-capture' ),
						'value' => (string) $row['title'],
					),
					array(
						'name'  => __( 'Status', 'solar-capture' ),
						'value' => (string) $row['status'],
					),
					array(
						'name'  => __( 'Start (UTC)', 'solar-capture' ),
						'value' => (string) $row['start_at'],
					),
					array(
						'name'  => __( 'Booked through', 'solar-capture' ),
						'value' => (string) $row['provider'],
					),
				),
			);
		}

		return array(
			'data' => $items,
			'done' => true,
		);
	}

	/**
	 * Eraser callback: the lead, its bookings and timeline; raw deliveries naming it lose their body.
	 *
	 * @param string $email E-mail address.
	 * @param int    $page  Page.
	 * @return array
	 */
	public static function erase( $email, $page = 1 ): array {
		global $wpdb;
		$lead = self::find_lead( (string) $email );
		if ( ! $lead ) {
			return array(
				'items_removed'  => false,
				'items_retained' => false,
				'messages'       => array(),
				'done'           => true,
			);
		}

		$deliveries = Schema::table( 'deliveries' );
		$like       = '%' . $wpdb->esc_like( (string) $lead['email'] ) . '%';
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name.
		$wpdb->query( $wpdb->prepare( "UPDATE $deliveries SET body = NULL, headers = NULL WHERE lead_id = %d OR body LIKE %s", (int) $lead['id'], $like ) );
		Rest\Leads_Controller::delete_lead_data( (int) $lead['id'] );

		return array(
			'items_removed'  => true,
			'items_retained' => false,
			'messages'       => array(),
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
