<?php
/**
 * The CSV behind GET /solar-capture/v1/leads/export, streamed in chunks.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Rest;

use SolarCapture\Pipeline;
use SolarCapture\Schema;
use WP_HTTP_Response;
use WP_REST_Request;

defined( 'ABSPATH' ) || exit;

/**
 * Returned as the response data by Leads_Controller::export(); serve() writes it out instead of
 * JSON. Rows are read 1,000 at a time by primary key (keyset paging: every chunk is an index
 * range, however many leads there are), so memory stays flat.
 */
final class Leads_Export {

	/**
	 * Rows per query.
	 */
	public const CHUNK = 1000;

	/**
	 * WHERE clauses with placeholders.
	 *
	 * @var string[]
	 */
	private $where;

	/**
	 * Placeholder values.
	 *
	 * @var array
	 */
	private $args;

	/**
	 * ASC or DESC (by id: creation order).
	 *
	 * @var string
	 */
	private $order;

	/**
	 * Constructor.
	 *
	 * @param string[] $where WHERE clauses (from Leads_Controller::build_filters()).
	 * @param array    $args  Their values.
	 * @param string   $order ASC or DESC.
	 */
	public function __construct( array $where, array $args, string $order ) {
		$this->where = $where;
		$this->args  = $args;
		$this->order = 'ASC' === $order ? 'ASC' : 'DESC';
	}

	/**
	 * `rest_pre_serve_request`: stream the CSV when the response carries an export. The REST
	 * server has already sent the status and the response's headers (Content-Type: text/csv…).
	 *
	 * @param bool             $served Whether the request was already served.
	 * @param WP_HTTP_Response $result The response.
	 * @return bool
	 */
	public static function serve( $served, $result ) {
		if ( $served || ! $result instanceof WP_HTTP_Response ) {
			return $served;
		}
		$export = $result->get_data();
		if ( ! $export instanceof self ) {
			return $served;
		}
		$export->stream();
		return true;
	}

	/**
	 * Column keys and their header labels.
	 *
	 * @return array<string,string>
	 */
	public static function columns(): array {
		return array(
			'id'               => __( 'ID', 'solar-capture' ),
			'name'             => __( 'Name', 'solar-capture' ),
			'email'            => __( 'E-mail', 'solar-capture' ),
			'phone'            => __( 'Phone', 'solar-capture' ),
			'postcode'         => __( 'Postcode', 'solar-capture' ),
			'address'          => __( 'Address', 'solar-capture' ),
			'monthly_bill'     => __( 'Monthly bill', 'solar-capture' ),
			'roof_type'        => __( 'Roof type', 'solar-capture' ),
			'homeowner'        => __( 'Homeowner', 'solar-capture' ),
			'message'          => __( 'Message', 'solar-capture' ),
			'source'           => __( 'Source', 'solar-capture' ),
			'stage'            => __( 'Stage', 'solar-capture' ),
			'stage_label'      => __( 'Stage name', 'solar-capture' ),
			'stage_changed_at' => __( 'Stage changed (UTC)', 'solar-capture' ),
			'next_booking_at'  => __( 'Next booking (UTC)', 'solar-capture' ),
			'created_at'       => __( 'Created (UTC)', 'solar-capture' ),
			'updated_at'       => __( 'Updated (UTC)', 'solar-capture' ),
		);
	}

	/**
	 * Write the BOM, the header row and every matching lead, flushing after each chunk.
	 */
	public function stream(): void {
		global $wpdb;

		// Whatever was buffered so far (a stray notice) must not land in the file, and the
		// rows must reach the browser as they are made.
		$level = ob_get_level();
		while ( $level > 0 && ob_end_clean() ) {
			$level = ob_get_level();
		}
		if ( function_exists( 'set_time_limit' ) ) {
			set_time_limit( 0 ); // phpcs:ignore Squiz.PHP.DiscouragedFunctions.Discouraged -- a long download.
		}

		$columns = self::columns();
		echo "\xEF\xBB\xBF"; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- UTF-8 byte order mark for spreadsheets.
		echo self::line( array_values( $columns ) ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- CSV, not HTML.
		flush();

		$table     = Schema::table( 'leads' );
		$where_sql = implode( ' AND ', $this->where );
		$keyset    = 'ASC' === $this->order ? 'id > %d' : 'id < %d';
		$last      = 'ASC' === $this->order ? 0 : PHP_INT_MAX;
		$labels    = array();
		$yes       = __( 'Yes', 'solar-capture' );
		$no        = __( 'No', 'solar-capture' );

		do {
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared -- table name; clauses use placeholders.
			$rows = $wpdb->get_results(
				$wpdb->prepare(
					"SELECT * FROM $table WHERE $where_sql AND $keyset ORDER BY id {$this->order} LIMIT %d",
					array_merge( $this->args, array( $last, self::CHUNK ) )
				),
				ARRAY_A
			);
			$rows = is_array( $rows ) ? $rows : array();

			$out = '';
			foreach ( $rows as $row ) {
				$last  = (int) $row['id'];
				$stage = (string) $row['stage'];
				if ( ! isset( $labels[ $stage ] ) ) {
					$labels[ $stage ] = Pipeline::label( $stage );
				}
				$cells = array();
				foreach ( array_keys( $columns ) as $key ) {
					switch ( $key ) {
						case 'stage_label':
							$cells[] = $labels[ $stage ];
							break;
						case 'homeowner':
							$cells[] = null === $row['homeowner'] || '' === $row['homeowner'] ? '' : ( (int) $row['homeowner'] ? $yes : $no );
							break;
						case 'stage_changed_at':
						case 'next_booking_at':
						case 'created_at':
						case 'updated_at':
							$cells[] = (string) Format::datetime( $row[ $key ] );
							break;
						default:
							$cells[] = null === $row[ $key ] ? '' : (string) $row[ $key ];
					}
				}
				$out .= self::line( $cells );
			}
			echo $out; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- CSV, not HTML.
			flush();
			$wpdb->flush();
		} while ( count( $rows ) === self::CHUNK && ! connection_aborted() );
	}

	/**
	 * One CSV record (RFC 4180, CRLF). Cells a spreadsheet would run as a formula (starting with
	 * = + - @, tab or carriage return) are prefixed with a single quote.
	 *
	 * @param array $cells Cell values.
	 * @return string
	 */
	public static function line( array $cells ): string {
		$out = array();
		foreach ( $cells as $cell ) {
			$cell = (string) $cell;
			if ( '' !== $cell && false !== strpos( "=+-@\t\r", $cell[0] ) ) {
				$cell = "'" . $cell;
			}
			if ( '' !== $cell && preg_match( '/[",\r\n]|^\s|\s$/', $cell ) ) {
				$cell = '"' . str_replace( '"', '""', $cell ) . '"';
			}
			$out[] = $cell;
		}
		return implode( ',', $out ) . "\r\n";
	}
}
