<?php
/**
 * The CSV behind GET /solar-capture/v1/leads/export, streamed in chunks.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Rest;

use SolarCapture\Leads\Lead_Fields;
use SolarCapture\Leads\Lead_Query;
use SolarCapture\Pipeline;
use WP_HTTP_Response;

defined( 'ABSPATH' ) || exit;

/**
 * Returned as the response data by Leads_Controller::export(); serve() writes it out instead of
 * JSON. Rows come from Lead_Query::export_chunk(), 1,000 at a time by primary key, so memory stays
 * flat; the columns are the exported fields of lead-fields.json.
 */
final class Leads_Export {

	/**
	 * Where the rows come from.
	 *
	 * @var Lead_Query
	 */
	private $query;

	/**
	 * From Lead_Filters::from().
	 *
	 * @var array
	 */
	private $filters;

	/**
	 * ASC or DESC (by id: creation order).
	 *
	 * @var string
	 */
	private $order;

	/**
	 * Constructor.
	 *
	 * @param Lead_Query $query   Where the rows come from.
	 * @param array      $filters From Lead_Filters::from().
	 * @param string     $order   ASC or DESC.
	 */
	public function __construct( Lead_Query $query, array $filters, string $order ) {
		$this->query   = $query;
		$this->filters = $filters;
		$this->order   = 'ASC' === $order ? 'ASC' : 'DESC';
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
		return Lead_Fields::file_labels( 'exported' );
	}

	/**
	 * Write the BOM, the header row and every matching lead, flushing after each chunk.
	 */
	public function stream(): void {
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

		$last   = 'ASC' === $this->order ? 0 : PHP_INT_MAX;
		$labels = array();
		$yes    = __( 'Yes', 'solar-capture' );
		$no     = __( 'No', 'solar-capture' );
		$times  = array();
		foreach ( array_keys( $columns ) as $key ) {
			if ( 'time' === Lead_Fields::type( $key ) ) {
				$times[ $key ] = true;
			}
		}

		do {
			$rows = $this->query->export_chunk( $this->filters, $this->order, $last );

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
						default:
							if ( isset( $times[ $key ] ) ) {
								$cells[] = (string) Format::datetime( $row[ $key ] );
							} else {
								$cells[] = null === $row[ $key ] ? '' : (string) $row[ $key ];
							}
					}
				}
				$out .= self::line( $cells );
			}
			echo $out; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- CSV, not HTML.
			flush();
		} while ( count( $rows ) === $this->query::CHUNK && ! connection_aborted() );
	}

	/**
	 * One CSV record (RFC 4180, CRLF), every cell quoted (a `;` or `,` inside a cell never splits it,
	 * whichever separator the spreadsheet assumes). A cell a spreadsheet could run as a formula is
	 * prefixed with a single quote: see is_formula().
	 *
	 * @param array $cells Cell values.
	 * @return string
	 */
	public static function line( array $cells ): string {
		$out = array();
		foreach ( $cells as $cell ) {
			$cell = (string) $cell;
			if ( self::is_formula( $cell ) ) {
				$cell = "'" . $cell;
			}
			$out[] = '"' . str_replace( '"', '""', $cell ) . '"';
		}
		return implode( ',', $out ) . "\r\n";
	}

	/**
	 * Whether a spreadsheet could read $cell as a formula: its first character, after any leading
	 * spaces and quote marks (which spreadsheets skip), is = + - @, a tab or a carriage return, or
	 * the full-width forms of = + - @ (which some spreadsheets read as the plain ones).
	 *
	 * @param string $cell Cell value.
	 * @return bool
	 */
	public static function is_formula( string $cell ): bool {
		if ( '' !== $cell && false !== strpos( "\t\r", $cell[0] ) ) {
			return true;
		}
		$found = preg_match( '/^[\s"\'\x{00A0}\x{3000}]*(?:[=+\-@\t\r]|\x{FF1D}|\x{FF0B}|\x{FF0D}|\x{FF20})/u', $cell );
		// Not valid UTF-8: the same test byte by byte.
		return false === $found ? 1 === preg_match( '/^[\s"\']*[=+\-@]/', $cell ) : 1 === $found;
	}
}
