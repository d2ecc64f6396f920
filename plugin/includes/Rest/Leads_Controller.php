<?php
/**
 * /solar-capture/v1/leads: the Leads screen's data.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Rest;

use SolarCapture\Pipeline;
use SolarCapture\Schema;
use WP_Error;
use WP_REST_Controller;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * List, read, edit (stage and details), delete leads, and add notes to their timeline.
 */
class Leads_Controller extends WP_REST_Controller {

	use Permissions;

	/**
	 * Columns the list returns and may sort by.
	 */
	private const ORDERBY = array( 'created_at', 'name', 'email', 'stage', 'source', 'next_booking_at', 'id' );

	/**
	 * Bulk actions.
	 */
	private const BULK_ACTIONS = array( 'set_stage', 'delete' );

	/**
	 * Most leads one bulk request may change.
	 */
	private const BULK_MAX = 1000;

	/**
	 * Lead fields an admin may edit by hand.
	 */
	private const EDITABLE = array( 'email', 'name', 'phone', 'postcode', 'address', 'monthly_bill', 'roof_type', 'homeowner', 'message', 'stage' );

	/**
	 * Most timeline events returned with one lead.
	 */
	private const MAX_EVENTS = 500;

	/**
	 * The columns the list needs (not the message, the normalised e-mail or the lead token).
	 */
	private const LIST_COLUMNS = array( 'id', 'email', 'name', 'phone', 'postcode', 'address', 'monthly_bill', 'roof_type', 'homeowner', 'source', 'stage', 'stage_changed_at', 'next_booking_at', 'created_at', 'updated_at' );

	/**
	 * A search matching at most this many leads is answered from one pass over its matches.
	 * Past it, the capped pass was wasted: about one row lookup per match, a few milliseconds,
	 * against a pass over a whole index (about 5 ms per 100,000 leads on SQLite) saved below it.
	 */
	private const SEARCH_CAP = 2000;

	/**
	 * A search matching more leads, but at most this many, is paged by sorting its matches;
	 * beyond, matches are dense enough to page through the sort's index.
	 */
	private const SEARCH_SORT_MAX = 5000;

	/**
	 * Constructor.
	 */
	public function __construct() {
		$this->namespace = 'solar-capture/v1';
		$this->rest_base = 'leads';
	}

	/**
	 * Register the routes.
	 */
	public function register_routes(): void {
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_items' ),
					'permission_callback' => array( $this, 'get_items_permissions_check' ),
					'args'                => $this->get_collection_params(),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);

		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/(?P<id>[\d]+)',
			array(
				'args'        => array(
					'id' => array(
						'description' => __( 'Unique identifier of the lead.', 'solar-capture' ),
						'type'        => 'integer',
					),
				),
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_item' ),
					'permission_callback' => array( $this, 'get_item_permissions_check' ),
					'args'                => array(
						'context' => $this->get_context_param( array( 'default' => 'view' ) ),
					),
				),
				array(
					'methods'             => WP_REST_Server::EDITABLE,
					'callback'            => array( $this, 'update_item' ),
					'permission_callback' => array( $this, 'update_item_permissions_check' ),
					'args'                => $this->get_endpoint_args_for_item_schema( WP_REST_Server::EDITABLE ),
				),
				array(
					'methods'             => WP_REST_Server::DELETABLE,
					'callback'            => array( $this, 'delete_item' ),
					'permission_callback' => array( $this, 'delete_item_permissions_check' ),
				),
				'allow_batch' => array( 'v1' => true ),
				'schema'      => array( $this, 'get_public_item_schema' ),
			)
		);

		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/(?P<id>[\d]+)/notes',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'create_note' ),
					'permission_callback' => array( $this, 'check_manage_permission' ),
					'args'                => array(
						'id'   => array(
							'description' => __( 'Unique identifier of the lead.', 'solar-capture' ),
							'type'        => 'integer',
						),
						'text' => array(
							'description'       => __( 'The note text.', 'solar-capture' ),
							'type'              => 'string',
							'maxLength'         => 10000,
							'sanitize_callback' => array( self::class, 'sanitize_note' ),
						),
						// Accepted as an alias of `text` (the first version of this route used it).
						'note' => array(
							'description'       => __( 'The note text (alias of text).', 'solar-capture' ),
							'type'              => 'string',
							'maxLength'         => 10000,
							'sanitize_callback' => array( self::class, 'sanitize_note' ),
						),
					),
				),
				'schema' => array( $this, 'get_public_event_schema' ),
			)
		);

		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/(?P<id>[\d]+)/notes/(?P<event_id>[\d]+)',
			array(
				array(
					'methods'             => WP_REST_Server::DELETABLE,
					'callback'            => array( $this, 'delete_note' ),
					'permission_callback' => array( $this, 'check_manage_permission' ),
					'args'                => array(
						'id'       => array(
							'description' => __( 'Unique identifier of the lead.', 'solar-capture' ),
							'type'        => 'integer',
						),
						'event_id' => array(
							'description' => __( 'Unique identifier of the note (its timeline event).', 'solar-capture' ),
							'type'        => 'integer',
						),
					),
				),
				'schema' => array( $this, 'get_public_event_schema' ),
			)
		);

		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/bulk',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'bulk' ),
					'permission_callback' => array( $this, 'check_manage_permission' ),
					'args'                => array(
						'action' => array(
							'description' => __( 'What to do with the leads.', 'solar-capture' ),
							'type'        => 'string',
							'enum'        => self::BULK_ACTIONS,
							'required'    => true,
						),
						'ids'    => array(
							'description' => __( 'Identifiers of the leads.', 'solar-capture' ),
							'type'        => 'array',
							'items'       => array(
								'type'    => 'integer',
								'minimum' => 1,
							),
							'minItems'    => 1,
							'maxItems'    => self::BULK_MAX,
							'required'    => true,
						),
						'stage'  => array(
							'description' => __( 'The new stage (set_stage only).', 'solar-capture' ),
							'type'        => 'string',
							'enum'        => Pipeline::slugs(),
						),
					),
				),
				'schema' => array( $this, 'get_bulk_schema' ),
			)
		);

		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/export',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'export' ),
					'permission_callback' => array( $this, 'check_manage_permission' ),
					'args'                => $this->get_export_params(),
				),
				// The CSV has one row per lead, its columns those of a lead (Leads_Export::columns()).
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
		add_filter( 'rest_pre_serve_request', array( Leads_Export::class, 'serve' ), 10, 2 );
	}

	/**
	 * Permission checks: all need `manage_solar_leads`.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return true|WP_Error
	 */
	public function get_items_permissions_check( $request ) {
		return $this->check_manage_permission();
	}

	/**
	 * See get_items_permissions_check().
	 *
	 * @param WP_REST_Request $request Request.
	 * @return true|WP_Error
	 */
	public function get_item_permissions_check( $request ) {
		return $this->check_manage_permission();
	}

	/**
	 * See get_items_permissions_check().
	 *
	 * @param WP_REST_Request $request Request.
	 * @return true|WP_Error
	 */
	public function update_item_permissions_check( $request ) {
		return $this->check_manage_permission();
	}

	/**
	 * See get_items_permissions_check().
	 *
	 * @param WP_REST_Request $request Request.
	 * @return true|WP_Error
	 */
	public function delete_item_permissions_check( $request ) {
		return $this->check_manage_permission();
	}

	/**
	 * GET /leads
	 *
	 * Few statements, and no pass over the whole table for the common views (on SQLite each
	 * statement also costs a MySQL-to-SQLite translation in PHP):
	 * - the page comes from an index matching the sort (created_at, name, email, stage, source,
	 *   next_booking_at; each ends in the primary key, so the `, id` tie-breaker is free) or, with
	 *   a stage or source filter and the default sort, from (stage, created_at) or (source, created_at);
	 * - COUNT(*) only runs when the page is full, or empty past the first page;
	 * - a search is answered from its matches (search_page()).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_items( $request ) {
		$filters  = self::list_filters( $request );
		$orderby  = in_array( $request['orderby'], self::ORDERBY, true ) ? $request['orderby'] : 'created_at';
		$order    = 'asc' === strtolower( (string) $request['order'] ) ? 'ASC' : 'DESC';
		$per_page = max( 1, min( 100, (int) $request['per_page'] ) );
		$page     = max( 1, (int) $request['page'] );
		$offset   = ( $page - 1 ) * $per_page;
		$sort     = 'id' === $orderby ? "id $order" : "$orderby $order, id $order";

		$found = $filters['search']
			? self::search_page( $filters, $sort, $per_page, $offset )
			: self::filtered_page( $filters, $sort, $per_page, $offset, 'created_at' === $orderby );
		if ( null === $found ) {
			return $this->db_error();
		}

		$items = array();
		$hints = null;
		foreach ( $found['rows'] as $row ) {
			$items[] = $this->collection_item( $this->prepare_item_for_response( $row, $request ), $hints );
		}

		$response = rest_ensure_response( $items );
		$response->header( 'X-WP-Total', (string) $found['total'] );
		$response->header( 'X-WP-TotalPages', (string) (int) ceil( $found['total'] / $per_page ) );
		return $response;
	}

	/**
	 * One page of leads and their total, without a search.
	 *
	 * @param array  $filters    From list_filters().
	 * @param string $sort       ORDER BY.
	 * @param int    $per_page   Page size.
	 * @param int    $offset     Rows before the page.
	 * @param bool   $by_created Whether the sort is by creation time.
	 * @return array{rows:array[], total:int}|null Null on a database error.
	 */
	private static function filtered_page( array $filters, string $sort, int $per_page, int $offset, bool $by_created ): ?array {
		$table = Schema::table( 'leads' );
		$where = $filters['where'] ? ' WHERE ' . implode( ' AND ', $filters['where'] ) : '';

		$merged = $by_created ? self::merged_page_sql( $table, $filters, $sort, $offset + $per_page ) : null;
		if ( $merged ) {
			$rows = self::rows( $merged['sql'] . ' LIMIT %d OFFSET %d', array_merge( $merged['args'], array( $per_page, $offset ) ) );
		} else {
			$rows = self::rows( 'SELECT ' . implode( ', ', self::LIST_COLUMNS ) . " FROM $table$where ORDER BY $sort LIMIT %d OFFSET %d", array_merge( $filters['args'], array( $per_page, $offset ) ) );
		}
		if ( null === $rows ) {
			return null;
		}

		if ( count( $rows ) < $per_page && ( $rows || 0 === $offset ) ) {
			// A page that is not full is the last one: the total is known without counting.
			$total = $offset + count( $rows );
		} else {
			$total = self::count( "SELECT COUNT(*) FROM $table$where", $filters['args'] );
		}
		return null === $total ? null : array(
			'rows'  => $rows,
			'total' => $total,
		);
	}

	/**
	 * One page of a search and its total.
	 *
	 * 1. The ids of the search's first SEARCH_CAP + 1 matches, in the list's order, each with a
	 *    flag saying whether it passes the other filters. Most searches match fewer: then this
	 *    pass over one narrow index gives the total, and the page is read by id.
	 * 2. A search matching more: count its matches, then take the page by sorting the matches
	 *    (up to SEARCH_SORT_MAX of them) or from the sort's index (where they are then dense).
	 *
	 * @param array  $filters  From list_filters().
	 * @param string $sort     ORDER BY.
	 * @param int    $per_page Page size.
	 * @param int    $offset   Rows before the page.
	 * @return array{rows:array[], total:int}|null Null on a database error.
	 */
	private static function search_page( array $filters, string $sort, int $per_page, int $offset ): ?array {
		$table   = Schema::table( 'leads' );
		$columns = implode( ', ', self::LIST_COLUMNS );
		$l_sort  = self::qualified( 'l', explode( ', ', $sort ) );
		$matches = self::search_matches_sql( $table, $filters['search'] );
		// The filters only name columns m does not have: they need no table alias.
		$in_filters = $filters['filter_where'] ? '(' . implode( ' AND ', $filters['filter_where'] ) . ')' : '1';

		$found = self::rows(
			"SELECT l.id, $in_filters AS in_filters FROM ( {$matches['sql']} LIMIT %d ) AS m INNER JOIN $table AS l ON l.id = m.id ORDER BY $l_sort",
			array_merge( $filters['filter_args'], $matches['args'], array( self::SEARCH_CAP + 1 ) )
		);
		if ( null === $found ) {
			return null;
		}

		if ( count( $found ) <= self::SEARCH_CAP ) {
			// Every match is here (the branches are disjoint: no lead came twice).
			$ids = array();
			foreach ( $found as $match ) {
				if ( (int) $match['in_filters'] ) {
					$ids[] = (int) $match['id'];
				}
			}
			$total = count( $ids );
			$ids   = array_slice( $ids, $offset, $per_page );
			$rows  = $ids ? self::rows( "SELECT $columns FROM $table WHERE id IN (" . implode( ', ', array_fill( 0, count( $ids ), '%d' ) ) . ") ORDER BY $sort", $ids ) : array();
		} else {
			$matches = self::search_matches_sql( $table, $filters['search'], $filters['filter_where'], $filters['filter_args'] );
			$total   = self::count( "SELECT COUNT(*) FROM ( {$matches['sql']} ) AS m", $matches['args'] );
			if ( null === $total ) {
				return null;
			}
			if ( 0 === $total || $offset >= $total ) {
				$rows = array();
			} elseif ( $total <= self::SEARCH_SORT_MAX ) {
				$rows = self::rows(
					'SELECT ' . self::qualified( 'l', self::LIST_COLUMNS ) . " FROM ( {$matches['sql']} ) AS m INNER JOIN $table AS l ON l.id = m.id ORDER BY $l_sort LIMIT %d OFFSET %d",
					array_merge( $matches['args'], array( $per_page, $offset ) )
				);
			} else {
				$where = ' WHERE ' . implode( ' AND ', $filters['where'] );
				$rows  = self::rows( "SELECT $columns FROM $table$where ORDER BY $sort LIMIT %d OFFSET %d", array_merge( $filters['args'], array( $per_page, $offset ) ) );
			}
		}
		return null === $rows ? null : array(
			'rows'  => $rows,
			'total' => $total,
		);
	}

	/**
	 * Rows of a SELECT (with placeholders), or null on a database error.
	 *
	 * @param string $sql  Statement; table and column names are whitelisted, values placeholders.
	 * @param array  $args Values.
	 * @return array[]|null
	 */
	private static function rows( string $sql, array $args ): ?array {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared -- see above.
		$rows = $wpdb->get_results( $args ? $wpdb->prepare( $sql, $args ) : $sql, ARRAY_A );
		if ( null === $rows && '' !== $wpdb->last_error ) {
			return null;
		}
		return (array) $rows;
	}

	/**
	 * The number a COUNT(*) statement answers, or null on a database error.
	 *
	 * @param string $sql  Statement; table and column names are whitelisted, values placeholders.
	 * @param array  $args Values.
	 * @return int|null
	 */
	private static function count( string $sql, array $args ): ?int {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared -- see above.
		$count = $wpdb->get_var( $args ? $wpdb->prepare( $sql, $args ) : $sql );
		if ( null === $count && '' !== $wpdb->last_error ) {
			return null;
		}
		return (int) $count;
	}

	/**
	 * prepare_response_for_collection() without working out the `self` link's targetHints once
	 * per lead: WordPress finds them by matching the link to its route and running the route's
	 * permission checks for every method, about 0.1 ms a lead. They are the same for every lead
	 * (the checks do not depend on the id), so the first lead's are reused; the JSON is the same.
	 *
	 * @param WP_REST_Response $response One lead (prepare_item_for_response()).
	 * @param array|false|null $hints    The `self` link's targetHints once known (false: none).
	 * @return array
	 */
	private function collection_item( WP_REST_Response $response, &$hints ): array {
		$links = $response->get_links();
		if ( null === $hints || array( 'self' ) !== array_keys( $links ) || 1 !== count( $links['self'] ) || ! empty( $links['self'][0]['attributes'] ) ) {
			$item = (array) $this->prepare_response_for_collection( $response );
			if ( null === $hints && isset( $item['_links'] ) && array( 'self' ) === array_keys( $item['_links'] ) ) {
				$hints = $item['_links']['self'][0]['targetHints'] ?? false;
			}
			return $item;
		}
		$link = array( 'href' => $links['self'][0]['href'] );
		if ( $hints ) {
			$link['targetHints'] = $hints;
		}
		$item           = (array) $response->get_data();
		$item['_links'] = array( 'self' => array( $link ) );
		return $item;
	}

	/**
	 * Several stages (or sources) sorted by creation: SQLite cannot walk (stage, created_at) for
	 * `stage IN (…)` in order, so it would sort every lead in those stages. Instead, each stage's
	 * first $depth ids come from its own walk of the index and only those are sorted together:
	 * never more rows than the plain query sorts, far fewer for the first pages.
	 *
	 * @param string $table   Leads table.
	 * @param array  $filters From list_filters().
	 * @param string $sort    ORDER BY (created_at and id).
	 * @param int    $depth   Offset plus page size.
	 * @return array{sql:string, args:array}|null Null when the plain query is as good.
	 */
	private static function merged_page_sql( string $table, array $filters, string $sort, int $depth ): ?array {
		$stages  = $filters['values']['stage'];
		$sources = $filters['values']['source'];
		$column  = count( $stages ) > 1 ? 'stage' : ( ! $stages && count( $sources ) > 1 ? 'source' : null );
		if ( null === $column ) {
			return null;
		}
		$others = $filters['parts'];
		unset( $others[ $column ] );
		$rest      = $others ? ' AND ' . implode( ' AND ', array_column( $others, 0 ) ) : '';
		$rest_args = $others ? array_merge( ...array_column( $others, 1 ) ) : array();

		$branches = array();
		$args     = array();
		foreach ( $filters['values'][ $column ] as $i => $value ) {
			$branches[] = "SELECT id FROM ( SELECT id FROM $table WHERE $column = %s$rest ORDER BY $sort LIMIT %d ) AS b$i";
			$args       = array_merge( $args, array( $value ), $rest_args, array( $depth ) );
		}
		return array(
			'sql'  => 'SELECT ' . self::qualified( 'l', self::LIST_COLUMNS ) . ' FROM ( ' . implode( ' UNION ALL ', $branches ) . " ) AS m INNER JOIN $table AS l ON l.id = m.id ORDER BY " . self::qualified( 'l', explode( ', ', $sort ) ),
			'args' => $args,
		);
	}

	/**
	 * `a.x, a.y` from `x, y` (and `a.x DESC` from `x DESC`).
	 *
	 * @param string   $alias Table alias.
	 * @param string[] $items Columns, each optionally followed by a direction.
	 * @return string
	 */
	private static function qualified( string $alias, array $items ): string {
		return implode(
			', ',
			array_map(
				static function ( string $item ) use ( $alias ): string {
					return $alias . '.' . trim( $item );
				},
				$items
			)
		);
	}

	/**
	 * The ids of the leads a search matches, as one SELECT per searched field joined by UNION
	 * ALL, each branch excluding what an earlier one matched: every lead comes out once, so
	 * COUNT(*) over it is the number of matches, and each branch can use its own index (a scan
	 * of the narrow name/e-mail/phone index for "anywhere", a range for "from the start")
	 * instead of testing every field of every row.
	 *
	 * @param string $table  Leads table.
	 * @param array  $fields From search_fields().
	 * @param array  $where  Other filter clauses, added to each branch.
	 * @param array  $values Their values.
	 * @return array{sql:string, args:array}
	 */
	private static function search_matches_sql( string $table, array $fields, array $where = array(), array $values = array() ): array {
		$branches = array();
		$args     = array();
		$earlier  = array();
		$rest     = $where ? ' AND ' . implode( ' AND ', $where ) : '';
		foreach ( $fields as $field ) {
			$sql    = "SELECT id FROM $table WHERE {$field['column']} LIKE %s";
			$args[] = $field['pattern'];
			foreach ( $earlier as $previous ) {
				$sql   .= " AND {$previous['column']} NOT LIKE %s";
				$args[] = $previous['pattern'];
			}
			$branches[] = $sql . $rest;
			$args       = array_merge( $args, $values );
			$earlier[]  = $field;
		}
		return array(
			'sql'  => implode( ' UNION ALL ', $branches ),
			'args' => $args,
		);
	}

	/**
	 * Which fields a search term is matched against, and how.
	 *
	 * - Names: anywhere in the name, except for a term that looks like a phone number (only
	 *   digits, spaces and + ( ) - . /, with at least two digits): names hold no digits.
	 * - E-mail addresses: from the start ("jamie" finds jamie.rivera@…); anywhere when the term
	 *   contains @, or a dot and no space ("@example.org", "orchard.example").
	 * - Phone numbers: anywhere, for a term that looks like a phone number ("496 0777").
	 * - Postcodes: from the start ("EH99" finds "EH99 1SP").
	 *
	 * @param string $term Trimmed, non-empty search term.
	 * @return array<int, array{column:string, pattern:string}>
	 */
	private static function search_fields( string $term ): array {
		global $wpdb;
		$escaped  = $wpdb->esc_like( $term );
		$anywhere = '%' . $escaped . '%';
		$start    = $escaped . '%';

		if ( str_contains( $term, '@' ) ) {
			return array(
				array(
					'column'  => 'email',
					'pattern' => $anywhere,
				),
			);
		}
		if ( preg_match( '/^[0-9+()\-.\/\s]+$/', $term ) && preg_match_all( '/[0-9]/', $term ) >= 2 ) {
			return array(
				array(
					'column'  => 'phone',
					'pattern' => $anywhere,
				),
				array(
					'column'  => 'email',
					'pattern' => $start,
				),
				array(
					'column'  => 'postcode',
					'pattern' => $start,
				),
			);
		}
		$domain_like = str_contains( $term, '.' ) && ! preg_match( '/\s/', $term );
		return array(
			array(
				'column'  => 'name',
				'pattern' => $anywhere,
			),
			array(
				'column'  => 'email',
				'pattern' => $domain_like ? $anywhere : $start,
			),
			array(
				'column'  => 'postcode',
				'pattern' => $start,
			),
		);
	}

	/**
	 * The WHERE clauses and their values for the collection's filters (shared by GET /leads
	 * and GET /leads/export): search, stage, source, after, before, upcoming.
	 *
	 * `where`/`args` hold every clause, starting with `1=1` (the search as one OR of the fields
	 * search_fields() names); `filter_where`/`filter_args` the clauses without the search, and
	 * `search` those fields, for get_items()'s search field by field.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return array{where:string[], args:array, filter_where:string[], filter_args:array, search:array}
	 */
	public static function build_filters( $request ): array {
		$filters          = self::list_filters( $request );
		$filters['where'] = array_merge( array( '1=1' ), $filters['where'] );
		return $filters;
	}

	/**
	 * build_filters() without its leading `1=1` (no WHERE at all lets COUNT(*) use SQLite's
	 * quick count).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return array{where:string[], args:array, filter_where:string[], filter_args:array, search:array, parts:array, values:array}
	 */
	private static function list_filters( $request ): array {
		$parts  = array();
		$values = array();

		foreach ( array( 'stage', 'source' ) as $column ) {
			$values[ $column ] = array_values( array_unique( array_filter( array_map( 'strval', (array) $request[ $column ] ), 'strlen' ) ) );
			if ( $values[ $column ] ) {
				$parts[ $column ] = array( self::in_clause( $column, count( $values[ $column ] ) ), $values[ $column ] );
			}
		}

		$after = self::filter_time( $request['after'], false );
		if ( null !== $after ) {
			$parts['after'] = array( 'created_at >= %s', array( $after ) );
		}
		$before = self::filter_time( $request['before'], true );
		if ( null !== $before ) {
			$parts['before'] = array( 'created_at < %s', array( $before ) );
		}

		// next_booking_at is kept by the sidecar: the start of the lead's next booking, or NULL.
		$upcoming = $request['upcoming'];
		if ( null !== $upcoming && '' !== $upcoming ) {
			$now               = array( gmdate( 'Y-m-d H:i:s' ) );
			$parts['upcoming'] = rest_sanitize_boolean( $upcoming )
				? array( '(next_booking_at IS NOT NULL AND next_booking_at > %s)', $now )
				: array( '(next_booking_at IS NULL OR next_booking_at <= %s)', $now );
		}

		$where = array_column( $parts, 0 );
		$args  = $parts ? array_merge( ...array_column( $parts, 1 ) ) : array();

		$search = trim( (string) $request['search'] );
		$fields = '' === $search ? array() : self::search_fields( $search );

		$all_where = $where;
		$all_args  = $args;
		if ( $fields ) {
			$all_where[] = '(' . implode(
				' OR ',
				array_map(
					static function ( array $field ): string {
						return $field['column'] . ' LIKE %s';
					},
					$fields
				)
			) . ')';
			$all_args    = array_merge( $all_args, array_column( $fields, 'pattern' ) );
		}

		return array(
			'where'        => $all_where,
			'args'         => $all_args,
			'filter_where' => $where,
			'filter_args'  => $args,
			'search'       => $fields,
			'parts'        => $parts,
			'values'       => $values,
		);
	}

	/**
	 * `column = %s` or `column IN (%s, %s…)`.
	 *
	 * @param string $column Column.
	 * @param int    $count  Number of values.
	 * @return string
	 */
	private static function in_clause( string $column, int $count ): string {
		return 1 === $count ? "$column = %s" : $column . ' IN (' . implode( ', ', array_fill( 0, $count, '%s' ) ) . ')';
	}

	/**
	 * An `after`/`before` value as a stored UTC time. A full ISO 8601 time is used as it is; a bare
	 * date (YYYY-MM-DD) is a day in the site's time zone: `after` from its start, `before` up to
	 * its end (so before=2026-01-31 includes the 31st).
	 *
	 * @param mixed $value   Parameter value.
	 * @param bool  $is_end  Whether this is `before`.
	 * @return string|null
	 */
	private static function filter_time( $value, bool $is_end ): ?string {
		if ( ! is_string( $value ) || '' === trim( $value ) ) {
			return null;
		}
		$value = trim( $value );
		if ( preg_match( '/^\d{4}-\d{2}-\d{2}$/', $value ) ) {
			try {
				$day = new \DateTimeImmutable( $value . ' 00:00:00', wp_timezone() );
			} catch ( \Exception $e ) {
				return null;
			}
			if ( $is_end ) {
				$day = $day->modify( '+1 day' );
			}
			return $day->setTimezone( new \DateTimeZone( 'UTC' ) )->format( 'Y-m-d H:i:s' );
		}
		return Format::to_db_datetime( $value );
	}

	/**
	 * Validates `after`/`before`: an ISO 8601 time or a date.
	 *
	 * @param mixed $value Value.
	 * @return true|WP_Error
	 */
	public static function validate_time_param( $value ) {
		if ( ! is_string( $value ) || '' === $value || preg_match( '/^\d{4}-\d{2}-\d{2}$/', $value ) || false !== rest_parse_date( $value ) ) {
			return true;
		}
		return new WP_Error( 'rest_invalid_param', __( 'Use a date (YYYY-MM-DD) or an ISO 8601 time.', 'solar-capture' ), array( 'status' => 400 ) );
	}

	/**
	 * GET /leads/<id>, with bookings and the timeline (newest first).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_item( $request ) {
		$row = $this->get_lead_row( (int) $request['id'] );
		if ( is_wp_error( $row ) ) {
			return $row;
		}
		return $this->prepare_item_for_response( $row, $request, true );
	}

	/**
	 * POST|PUT|PATCH /leads/<id>: change the stage or details by hand; each change goes on the timeline.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function update_item( $request ) {
		global $wpdb;

		$row = $this->get_lead_row( (int) $request['id'] );
		if ( is_wp_error( $row ) ) {
			return $row;
		}

		$params  = $request->get_params();
		$changes = array();
		foreach ( self::EDITABLE as $field ) {
			if ( ! array_key_exists( $field, $params ) || ! $request->has_param( $field ) ) {
				continue;
			}
			$value = $params[ $field ];
			switch ( $field ) {
				case 'monthly_bill':
					$value = null === $value || '' === $value ? null : round( (float) $value, 2 );
					$same  = ( null === $value && null === $row[ $field ] ) || ( null !== $value && null !== $row[ $field ] && abs( (float) $row[ $field ] - $value ) < 0.005 );
					break;
				case 'homeowner':
					$value = null === $value ? null : ( $value ? 1 : 0 );
					$same  = ( null === $row[ $field ] ? null : (int) $row[ $field ] ) === $value;
					break;
				default:
					$value = (string) $value;
					$same  = (string) $row[ $field ] === $value;
			}
			if ( ! $same ) {
				$changes[ $field ] = $value;
			}
		}

		if ( isset( $changes['stage'] ) && ! Pipeline::is_stage( $changes['stage'] ) ) {
			return new WP_Error( 'rest_invalid_param', __( 'Unknown stage.', 'solar-capture' ), array( 'status' => 400 ) );
		}

		if ( isset( $changes['email'] ) ) {
			$email = sanitize_email( $changes['email'] );
			if ( ! is_email( $email ) ) {
				return new WP_Error( 'rest_invalid_param', __( 'Enter a valid e-mail address.', 'solar-capture' ), array( 'status' => 400 ) );
			}
			$normalized = strtolower( trim( $email ) );
			$table      = Schema::table( 'leads' );
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name.
			$taken = $wpdb->get_var( $wpdb->prepare( "SELECT id FROM $table WHERE email_normalized = %s AND id <> %d", $normalized, (int) $row['id'] ) );
			if ( $taken ) {
				return new WP_Error(
					'solar_capture_duplicate_email',
					__( 'Another lead already has this e-mail address.', 'solar-capture' ),
					array(
						'status'  => 409,
						'lead_id' => (int) $taken,
					)
				);
			}
			$changes['email']            = $email;
			$changes['email_normalized'] = $normalized;
		}

		if ( $changes ) {
			$now                   = gmdate( 'Y-m-d H:i:s' );
			$changes['updated_at'] = $now;
			if ( isset( $changes['stage'] ) ) {
				$changes['stage_changed_at'] = $now;
			}

			// wpdb writes NULL for a null value whatever its format.
			$formats = array();
			foreach ( array_keys( $changes ) as $field ) {
				$formats[] = 'monthly_bill' === $field ? '%f' : ( 'homeowner' === $field ? '%d' : '%s' );
			}

			// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- plugin table.
			$updated = $wpdb->update( Schema::table( 'leads' ), $changes, array( 'id' => (int) $row['id'] ), $formats, array( '%d' ) );
			if ( false === $updated ) {
				return $this->db_error();
			}

			$actor = 'user:' . get_current_user_id();
			if ( isset( $changes['stage'] ) ) {
				self::add_event(
					(int) $row['id'],
					'stage_changed',
					array(
						'from' => (string) $row['stage'],
						'to'   => $changes['stage'],
					),
					$actor
				);
			}
			$edited = array_values( array_diff( array_keys( $changes ), array( 'stage', 'stage_changed_at', 'updated_at', 'email_normalized' ) ) );
			if ( $edited ) {
				self::add_event( (int) $row['id'], 'lead_updated', array( 'fields' => $edited ), $actor );
			}

			/**
			 * Fires after a lead was edited by hand.
			 *
			 * @param int   $lead_id Lead id.
			 * @param array $changes Changed columns and their new values.
			 * @param array $before  The row before the change.
			 */
			do_action( 'solar_capture_lead_updated', (int) $row['id'], $changes, $row );

			$row = $this->get_lead_row( (int) $row['id'] );
			if ( is_wp_error( $row ) ) {
				return $row;
			}
		}

		return $this->prepare_item_for_response( $row, $request, true );
	}

	/**
	 * DELETE /leads/<id>: the lead, its bookings and its timeline. Deliveries stay in the log,
	 * unlinked from the lead.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function delete_item( $request ) {
		global $wpdb;

		$row = $this->get_lead_row( (int) $request['id'] );
		if ( is_wp_error( $row ) ) {
			return $row;
		}
		$previous = $this->prepare_item_for_response( $row, $request );

		$id = (int) $row['id'];
		self::delete_lead_data( $id );

		/**
		 * Fires after a lead was deleted.
		 *
		 * @param int   $lead_id Lead id.
		 * @param array $row     The deleted row.
		 */
		do_action( 'solar_capture_lead_deleted', $id, $row );

		return new WP_REST_Response(
			array(
				'deleted'  => true,
				'previous' => $previous->get_data(),
			),
			200
		);
	}

	/**
	 * Delete a lead with its bookings and timeline; unlink its deliveries.
	 *
	 * @param int $id Lead id.
	 */
	public static function delete_lead_data( int $id ): void {
		global $wpdb;
		// phpcs:disable WordPress.DB.DirectDatabaseQuery -- plugin tables.
		$wpdb->delete( Schema::table( 'events' ), array( 'lead_id' => $id ), array( '%d' ) );
		$wpdb->delete( Schema::table( 'bookings' ), array( 'lead_id' => $id ), array( '%d' ) );
		$deliveries = Schema::table( 'deliveries' );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name.
		$wpdb->query( $wpdb->prepare( "UPDATE $deliveries SET lead_id = NULL, booking_id = NULL WHERE lead_id = %d", $id ) );
		$wpdb->delete( Schema::table( 'leads' ), array( 'id' => $id ), array( '%d' ) );
		// phpcs:enable
	}

	/**
	 * delete_lead_data() for many leads at once: four statements whatever their number.
	 *
	 * @param int[] $ids Lead ids.
	 * @return bool Whether every statement succeeded.
	 */
	public static function delete_leads_data( array $ids ): bool {
		global $wpdb;
		$ids = array_values( array_filter( array_map( 'intval', $ids ) ) );
		if ( ! $ids ) {
			return true;
		}
		$in  = implode( ', ', array_fill( 0, count( $ids ), '%d' ) );
		$ok  = true;
		$sql = array(
			'DELETE FROM ' . Schema::table( 'events' ) . " WHERE lead_id IN ($in)",
			'DELETE FROM ' . Schema::table( 'bookings' ) . " WHERE lead_id IN ($in)",
			'UPDATE ' . Schema::table( 'deliveries' ) . " SET lead_id = NULL, booking_id = NULL WHERE lead_id IN ($in)",
			'DELETE FROM ' . Schema::table( 'leads' ) . " WHERE id IN ($in)",
		);
		foreach ( $sql as $statement ) {
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared -- table names; ids are placeholders.
			$ok = false !== $wpdb->query( $wpdb->prepare( $statement, $ids ) ) && $ok;
		}
		return $ok;
	}

	/**
	 * POST /leads/<id>/notes
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function create_note( WP_REST_Request $request ) {
		global $wpdb;

		$row = $this->get_lead_row( (int) $request['id'] );
		if ( is_wp_error( $row ) ) {
			return $row;
		}
		$note = trim( (string) ( $request->has_param( 'text' ) ? $request['text'] : $request['note'] ) );
		if ( '' === $note ) {
			return new WP_Error( 'rest_invalid_param', __( 'The note is empty.', 'solar-capture' ), array( 'status' => 400 ) );
		}
		$event_id = self::add_event( (int) $row['id'], 'note', array( 'text' => $note ), 'user:' . get_current_user_id() );
		if ( ! $event_id ) {
			return $this->db_error();
		}
		$events = Schema::table( 'events' );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name.
		$event = $wpdb->get_row( $wpdb->prepare( "SELECT * FROM $events WHERE id = %d", $event_id ), ARRAY_A );

		return new WP_REST_Response( $this->prepare_event( (array) $event ), 201 );
	}

	/**
	 * A note as plain text: valid UTF-8, \n line breaks, no NUL bytes. Not HTML-sanitised on
	 * purpose (sanitize_textarea_field() would turn "bill < 100" into "bill &lt; 100"): every
	 * output escapes it (the screens render text, the CSV is not HTML).
	 *
	 * @param mixed $value Note.
	 * @return string
	 */
	public static function sanitize_note( $value ): string {
		$value = wp_check_invalid_utf8( is_scalar( $value ) ? (string) $value : '', true );
		return trim( str_replace( array( "\r\n", "\r", "\0" ), array( "\n", "\n", '' ), $value ) );
	}

	/**
	 * DELETE /leads/<id>/notes/<event_id>: remove a note. The timeline keeps a `note_deleted`
	 * event (who and when, not the text).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function delete_note( WP_REST_Request $request ) {
		global $wpdb;

		$lead_id = (int) $request['id'];
		$row     = $this->get_lead_row( $lead_id );
		if ( is_wp_error( $row ) ) {
			return $row;
		}
		$events = Schema::table( 'events' );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name.
		$event = $wpdb->get_row( $wpdb->prepare( "SELECT * FROM $events WHERE id = %d AND lead_id = %d AND type = %s", (int) $request['event_id'], $lead_id, 'note' ), ARRAY_A );
		if ( ! is_array( $event ) ) {
			return new WP_Error( 'rest_solar_note_invalid_id', __( 'This lead has no note with this id.', 'solar-capture' ), array( 'status' => 404 ) );
		}

		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- plugin table.
		$deleted = $wpdb->delete( $events, array( 'id' => (int) $event['id'] ), array( '%d' ) );
		if ( ! $deleted ) {
			return $this->db_error();
		}
		self::add_event( $lead_id, 'note_deleted', array( 'note_id' => (int) $event['id'] ), 'user:' . get_current_user_id() );

		return new WP_REST_Response(
			array(
				'deleted'  => true,
				'previous' => $this->prepare_event( $event ),
			),
			200
		);
	}

	/**
	 * POST /leads/bulk: `set_stage` (a `stage_changed` event per lead that moved, actor `user:<id>`)
	 * or `delete`. Unknown ids are reported, not an error.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function bulk( WP_REST_Request $request ) {
		global $wpdb;

		$action = (string) $request['action'];
		$ids    = array_values( array_unique( array_filter( array_map( 'intval', (array) $request['ids'] ) ) ) );
		$stage  = (string) $request['stage'];
		if ( 'set_stage' === $action && ! Pipeline::is_stage( $stage ) ) {
			return new WP_Error( 'rest_missing_callback_param', __( 'Choose the stage to move the leads to.', 'solar-capture' ), array( 'status' => 400 ) );
		}
		if ( ! $ids ) {
			return new WP_Error( 'rest_invalid_param', __( 'No leads were selected.', 'solar-capture' ), array( 'status' => 400 ) );
		}

		$table        = Schema::table( 'leads' );
		$placeholders = implode( ', ', array_fill( 0, count( $ids ), '%d' ) );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared -- table name; ids are placeholders.
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT * FROM $table WHERE id IN ($placeholders)", $ids ), ARRAY_A );
		if ( null === $rows && '' !== $wpdb->last_error ) {
			return $this->db_error();
		}
		$found = array();
		foreach ( (array) $rows as $row ) {
			$found[ (int) $row['id'] ] = $row;
		}
		$not_found = array_values( array_diff( $ids, array_keys( $found ) ) );

		if ( 'delete' === $action ) {
			if ( $found && ! self::delete_leads_data( array_keys( $found ) ) ) {
				return $this->db_error();
			}
			foreach ( $found as $id => $row ) {
				/** This action is documented in includes/Rest/Leads_Controller.php (delete_item). */
				do_action( 'solar_capture_lead_deleted', $id, $row );
			}
			return new WP_REST_Response(
				array(
					'deleted'   => count( $found ),
					'not_found' => $not_found,
				),
				200
			);
		}

		$actor     = 'user:' . get_current_user_id();
		$updated   = array();
		$unchanged = 0;
		foreach ( $found as $id => $row ) {
			$from = (string) $row['stage'];
			if ( $from === $stage ) {
				++$unchanged;
				continue;
			}
			$now = gmdate( 'Y-m-d H:i:s' );
			// Compare and set: a webhook may move the lead between the read above and this write.
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- plugin table.
			$changed = $wpdb->update(
				$table,
				array(
					'stage'            => $stage,
					'stage_changed_at' => $now,
					'updated_at'       => $now,
				),
				array(
					'id'    => $id,
					'stage' => $from,
				),
				array( '%s', '%s', '%s' ),
				array( '%d', '%s' )
			);
			if ( false === $changed ) {
				return $this->db_error();
			}
			if ( 0 === $changed ) {
				// Moved meanwhile: try once more from its current stage.
				$current = $this->get_lead_row( $id );
				if ( is_wp_error( $current ) ) {
					continue;
				}
				$from = (string) $current['stage'];
				if ( $from === $stage ) {
					++$unchanged;
					continue;
				}
				// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- plugin table.
				$changed = $wpdb->update(
					$table,
					array(
						'stage'            => $stage,
						'stage_changed_at' => $now,
						'updated_at'       => $now,
					),
					array( 'id' => $id ),
					array( '%s', '%s', '%s' ),
					array( '%d' )
				);
				if ( ! $changed ) {
					continue;
				}
			}
			self::add_event(
				$id,
				'stage_changed',
				array(
					'from' => $from,
					'to'   => $stage,
					'bulk' => true,
				),
				$actor
			);
			$updated[] = $id;
			/** This action is documented in includes/Rest/Leads_Controller.php (update_item). */
			do_action(
				'solar_capture_lead_updated',
				$id,
				array(
					'stage'            => $stage,
					'stage_changed_at' => $now,
					'updated_at'       => $now,
				),
				$row
			);
		}

		return new WP_REST_Response(
			array(
				'updated'   => count( $updated ),
				'unchanged' => $unchanged,
				'not_found' => $not_found,
				'ids'       => $updated,
			),
			200
		);
	}

	/**
	 * GET /leads/export: every lead matching the collection's filters as CSV, streamed in chunks
	 * by Leads_Export::serve() (hooked to `rest_pre_serve_request`).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function export( WP_REST_Request $request ): WP_REST_Response {
		$filters  = self::build_filters( $request );
		$order    = 'asc' === strtolower( (string) $request['order'] ) ? 'ASC' : 'DESC';
		$filename = sprintf( 'solar-leads-%s.csv', wp_date( 'Y-m-d-His' ) );

		$response = new WP_REST_Response( new Leads_Export( $filters['where'], $filters['args'], $order ), 200 );
		$response->header( 'Content-Type', 'text/csv; charset=utf-8' );
		$response->header( 'Content-Disposition', 'attachment; filename="' . $filename . '"' );
		$response->header( 'Cache-Control', 'no-store, private' );
		$response->header( 'X-Content-Type-Options', 'nosniff' );
		return $response;
	}

	/**
	 * Query parameters of the export: the collection's filters and sort direction, no paging.
	 *
	 * @return array
	 */
	public function get_export_params(): array {
		$params = $this->get_collection_params();
		unset( $params['page'], $params['per_page'], $params['context'], $params['offset'] );
		$params['orderby'] = array(
			'description' => __( 'Accepted for symmetry with the list; rows are always in creation order (by id).', 'solar-capture' ),
			'type'        => 'string',
			'enum'        => self::ORDERBY,
		);
		$params['order']['description'] = __( 'desc: newest lead first (default); asc: oldest first.', 'solar-capture' );
		return $params;
	}

	/**
	 * Write a timeline event.
	 *
	 * @param int    $lead_id Lead id.
	 * @param string $type    Event type.
	 * @param array  $data    Event data (stored as JSON).
	 * @param string $actor   Who made it: `user:<id>`, `form`, a provider id…
	 * @return int Event id, 0 on failure.
	 */
	public static function add_event( int $lead_id, string $type, array $data, string $actor ): int {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- plugin table.
		$ok = $wpdb->insert(
			Schema::table( 'events' ),
			array(
				'lead_id'    => $lead_id,
				'type'       => $type,
				'data'       => (string) wp_json_encode( (object) $data, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ),
				'actor'      => $actor,
				'created_at' => gmdate( 'Y-m-d H:i:s' ),
			),
			array( '%d', '%s', '%s', '%s', '%s' )
		);
		return $ok ? (int) $wpdb->insert_id : 0;
	}

	/**
	 * The lead row, or a 404 error.
	 *
	 * @param int $id Lead id.
	 * @return array|WP_Error
	 */
	protected function get_lead_row( int $id ) {
		global $wpdb;
		$table = Schema::table( 'leads' );
		if ( $id > 0 ) {
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name.
			$row = $wpdb->get_row( $wpdb->prepare( "SELECT * FROM $table WHERE id = %d", $id ), ARRAY_A );
			if ( is_array( $row ) ) {
				return $row;
			}
		}
		return new WP_Error( 'rest_solar_lead_invalid_id', __( 'No lead has this id.', 'solar-capture' ), array( 'status' => 404 ) );
	}

	/**
	 * One lead as JSON; with bookings, events and the message when $full.
	 *
	 * @param array           $item    Lead row.
	 * @param WP_REST_Request $request Request.
	 * @param bool            $full    Whether to add bookings, events and the message.
	 * @return WP_REST_Response
	 */
	public function prepare_item_for_response( $item, $request, $full = false ) {
		$stage = (string) $item['stage'];
		$data  = array(
			'id'               => (int) $item['id'],
			'email'            => (string) $item['email'],
			'name'             => (string) $item['name'],
			'phone'            => (string) $item['phone'],
			'postcode'         => (string) $item['postcode'],
			'address'          => (string) $item['address'],
			'monthly_bill'     => null === $item['monthly_bill'] || '' === $item['monthly_bill'] ? null : (float) $item['monthly_bill'],
			'roof_type'        => (string) $item['roof_type'],
			'homeowner'        => null === $item['homeowner'] || '' === $item['homeowner'] ? null : (bool) (int) $item['homeowner'],
			'source'           => (string) $item['source'],
			'stage'            => $stage,
			'stage_label'      => Pipeline::label( $stage ),
			'stage_changed_at' => Format::datetime( $item['stage_changed_at'] ),
			'next_booking_at'  => Format::datetime( $item['next_booking_at'] ),
			'created_at'       => Format::datetime( $item['created_at'] ),
			'updated_at'       => Format::datetime( $item['updated_at'] ),
		);

		if ( $full ) {
			$data['message']  = Format::str( $item['message'] ?? null );
			$data['bookings'] = $this->get_bookings( (int) $item['id'] );
			$data['events']   = $this->get_events( (int) $item['id'] );
		}

		$context = ! empty( $request['context'] ) ? $request['context'] : 'view';
		$data    = $this->add_additional_fields_to_object( $data, $request );
		$data    = $this->filter_response_by_context( $data, $context );

		$response = rest_ensure_response( $data );
		$response->add_link( 'self', rest_url( sprintf( '%s/%s/%d', $this->namespace, $this->rest_base, (int) $item['id'] ) ) );
		return $response;
	}

	/**
	 * A lead's bookings, latest start first.
	 *
	 * @param int $lead_id Lead id.
	 * @return array[]
	 */
	private function get_bookings( int $lead_id ): array {
		global $wpdb;
		$table = Schema::table( 'bookings' );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name.
		$rows = (array) $wpdb->get_results( $wpdb->prepare( "SELECT * FROM $table WHERE lead_id = %d ORDER BY start_at DESC, id DESC", $lead_id ), ARRAY_A );

		$bookings = array();
		foreach ( $rows as $row ) {
			$bookings[] = array(
				'id'                   => (int) $row['id'],
				'lead_id'              => Format::id_or_null( $row['lead_id'] ),
				'provider'             => Format::str( $row['provider'] ),
				'external_id'          => Format::str( $row['external_id'] ),
				'status'               => Format::str( $row['status'] ),
				'title'                => Format::str( $row['title'] ),
				'start_at'             => Format::datetime( $row['start_at'] ),
				'end_at'               => Format::datetime( $row['end_at'] ),
				'timezone'             => Format::str( $row['timezone'] ),
				'attendee_email'       => Format::str( $row['attendee_email'] ),
				'guests'               => Format::json( $row['guests'], array() ),
				'previous_external_id' => null === $row['previous_external_id'] ? null : (string) $row['previous_external_id'],
				'next_external_id'     => null === $row['next_external_id'] ? null : (string) $row['next_external_id'],
				'cancel_reason'        => Format::str( $row['cancel_reason'] ),
				'created_at'           => Format::datetime( $row['created_at'] ),
				'updated_at'           => Format::datetime( $row['updated_at'] ),
			);
		}
		return $bookings;
	}

	/**
	 * A lead's timeline, newest first.
	 *
	 * @param int $lead_id Lead id.
	 * @return array[]
	 */
	private function get_events( int $lead_id ): array {
		global $wpdb;
		$table = Schema::table( 'events' );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name.
		$rows = (array) $wpdb->get_results( $wpdb->prepare( "SELECT * FROM $table WHERE lead_id = %d ORDER BY id DESC LIMIT %d", $lead_id, self::MAX_EVENTS ), ARRAY_A );

		return array_map( array( $this, 'prepare_event' ), $rows );
	}

	/**
	 * One timeline event as JSON.
	 *
	 * @param array $row Event row.
	 * @return array
	 */
	private function prepare_event( array $row ): array {
		$actor = Format::str( $row['actor'] ?? null );
		return array(
			'id'          => (int) ( $row['id'] ?? 0 ),
			'lead_id'     => (int) ( $row['lead_id'] ?? 0 ),
			'type'        => Format::str( $row['type'] ?? null ),
			'data'        => Format::json( $row['data'] ?? null, new \stdClass() ),
			'actor'       => $actor,
			'actor_label' => self::actor_label( $actor ),
			'created_at'  => Format::datetime( $row['created_at'] ?? null ),
		);
	}

	/**
	 * Human name of an event's actor: a user's display name, a provider's label, or the actor itself.
	 *
	 * @param string $actor Stored actor.
	 * @return string
	 */
	private static function actor_label( string $actor ): string {
		static $cache = array();
		if ( isset( $cache[ $actor ] ) ) {
			return $cache[ $actor ];
		}
		$label = $actor;
		if ( preg_match( '/^user:(\d+)$/', $actor, $m ) ) {
			$user  = get_userdata( (int) $m[1] );
			$label = $user ? $user->display_name : __( 'Deleted user', 'solar-capture' );
		} elseif ( 'form' === $actor ) {
			$label = __( 'Quote form', 'solar-capture' );
		} else {
			$labels = \SolarCapture\Settings::provider_labels();
			if ( isset( $labels[ $actor ] ) ) {
				$label = $labels[ $actor ];
			}
		}
		$cache[ $actor ] = $label;
		return $label;
	}

	/**
	 * A database failure as a REST error (never a PHP error page).
	 *
	 * @return WP_Error
	 */
	private function db_error(): WP_Error {
		return new WP_Error( 'solar_capture_db_error', __( 'The database did not answer. Please try again.', 'solar-capture' ), array( 'status' => 503 ) );
	}

	/**
	 * Query parameters of the list.
	 *
	 * @return array
	 */
	public function get_collection_params() {
		$params = parent::get_collection_params();

		$params['context']['default']  = 'view';
		$params['per_page']['default'] = 20;
		$params['per_page']['maximum'] = 100;
		$params['search']['description'] = __( 'Limit results to leads whose name contains this text, whose e-mail address starts with it (or contains it, when it has an @ or a dot and no space), whose phone number contains it (when it looks like one) or whose postcode starts with it.', 'solar-capture' );

		$params['stage'] = array(
			'description' => __( 'Limit results to leads in these stages; one value or a comma-separated list.', 'solar-capture' ),
			'type'        => 'array',
			'items'       => array(
				'type' => 'string',
				'enum' => Pipeline::slugs(),
			),
		);
		$params['source'] = array(
			'description' => __( 'Limit results to leads from these sources (form, calcom, calendly…); one value or a comma-separated list.', 'solar-capture' ),
			'type'        => 'array',
			'items'       => array(
				'type'      => 'string',
				'maxLength' => 32,
			),
		);
		$params['after'] = array(
			'description'       => __( 'Limit results to leads created at or after this time (ISO 8601), or from the start of this day (YYYY-MM-DD, site time zone).', 'solar-capture' ),
			'type'              => 'string',
			'validate_callback' => array( self::class, 'validate_time_param' ),
			'sanitize_callback' => 'sanitize_text_field',
		);
		$params['before'] = array(
			'description'       => __( 'Limit results to leads created before this time (ISO 8601), or up to the end of this day (YYYY-MM-DD, site time zone).', 'solar-capture' ),
			'type'              => 'string',
			'validate_callback' => array( self::class, 'validate_time_param' ),
			'sanitize_callback' => 'sanitize_text_field',
		);
		$params['upcoming'] = array(
			'description' => __( 'true: only leads with a future booking; false: only leads without one.', 'solar-capture' ),
			'type'        => 'boolean',
		);
		$params['orderby'] = array(
			'description' => __( 'Sort by this field.', 'solar-capture' ),
			'type'        => 'string',
			'default'     => 'created_at',
			'enum'        => self::ORDERBY,
		);
		$params['order'] = array(
			'description' => __( 'Sort direction.', 'solar-capture' ),
			'type'        => 'string',
			'default'     => 'desc',
			'enum'        => array( 'asc', 'desc' ),
		);

		return $params;
	}

	/**
	 * Schema of a timeline event (the note routes answer with one).
	 *
	 * @return array
	 */
	public function get_public_event_schema(): array {
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'solar-lead-event',
			'type'       => 'object',
			'properties' => array(
				'id'          => array(
					'description' => __( 'Unique identifier of the event.', 'solar-capture' ),
					'type'        => 'integer',
					'readonly'    => true,
				),
				'lead_id'     => array(
					'description' => __( 'The lead the event belongs to.', 'solar-capture' ),
					'type'        => 'integer',
					'readonly'    => true,
				),
				'type'        => array(
					'description' => __( 'Event type: lead_created, stage_changed, booking_created, note, note_deleted…', 'solar-capture' ),
					'type'        => 'string',
					'readonly'    => true,
				),
				'data'        => array(
					'description' => __( 'Event details; a note has {text}.', 'solar-capture' ),
					'type'        => 'object',
					'readonly'    => true,
				),
				'actor'       => array(
					'description' => __( 'Who or what made the event: user:<id>, form, calcom, calendly…', 'solar-capture' ),
					'type'        => 'string',
					'readonly'    => true,
				),
				'actor_label' => array(
					'description' => __( 'Human name of the actor.', 'solar-capture' ),
					'type'        => 'string',
					'readonly'    => true,
				),
				'created_at'  => array(
					'description' => __( 'When the event happened (UTC).', 'solar-capture' ),
					'type'        => array( 'string', 'null' ),
					'format'      => 'date-time',
					'readonly'    => true,
				),
			),
		);
	}

	/**
	 * Schema of the bulk route's answer.
	 *
	 * @return array
	 */
	public function get_bulk_schema(): array {
		$ids = array(
			'type'     => 'array',
			'items'    => array( 'type' => 'integer' ),
			'readonly' => true,
		);
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'solar-lead-bulk-result',
			'type'       => 'object',
			'properties' => array(
				'updated'   => array(
					'description' => __( 'set_stage: how many leads changed stage.', 'solar-capture' ),
					'type'        => 'integer',
					'readonly'    => true,
				),
				'unchanged' => array(
					'description' => __( 'set_stage: how many leads were already in that stage.', 'solar-capture' ),
					'type'        => 'integer',
					'readonly'    => true,
				),
				'ids'       => array_merge( $ids, array( 'description' => __( 'set_stage: the leads that changed stage.', 'solar-capture' ) ) ),
				'deleted'   => array(
					'description' => __( 'delete: how many leads were deleted.', 'solar-capture' ),
					'type'        => 'integer',
					'readonly'    => true,
				),
				'not_found' => array_merge( $ids, array( 'description' => __( 'Requested ids that match no lead.', 'solar-capture' ) ) ),
			),
		);
	}

	/**
	 * Schema of a lead.
	 *
	 * @return array
	 */
	public function get_item_schema() {
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}

		$datetime = static function ( string $description ): array {
			return array(
				'description' => $description,
				'type'        => array( 'string', 'null' ),
				'format'      => 'date-time',
				'context'     => array( 'view', 'edit' ),
				'readonly'    => true,
			);
		};
		$text = static function ( string $description, int $max, string $sanitize = 'sanitize_text_field' ): array {
			return array(
				'description' => $description,
				'type'        => 'string',
				'maxLength'   => $max,
				'context'     => array( 'view', 'edit' ),
				'arg_options' => array( 'sanitize_callback' => $sanitize ),
			);
		};

		$this->schema = array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'solar-lead',
			'type'       => 'object',
			'properties' => array(
				'id'               => array(
					'description' => __( 'Unique identifier of the lead.', 'solar-capture' ),
					'type'        => 'integer',
					'context'     => array( 'view', 'edit' ),
					'readonly'    => true,
				),
				'email'            => array(
					'description' => __( 'E-mail address.', 'solar-capture' ),
					'type'        => 'string',
					'format'      => 'email',
					'maxLength'   => 190,
					'context'     => array( 'view', 'edit' ),
				),
				'name'             => $text( __( 'Full name.', 'solar-capture' ), 190 ),
				'phone'            => $text( __( 'Phone number.', 'solar-capture' ), 64 ),
				'postcode'         => $text( __( 'Postcode.', 'solar-capture' ), 32 ),
				// An address keeps its line breaks.
				'address'          => $text( __( 'Address.', 'solar-capture' ), 255, 'sanitize_textarea_field' ),
				'monthly_bill'     => array(
					'description' => __( 'Monthly electricity bill.', 'solar-capture' ),
					'type'        => array( 'number', 'null' ),
					'minimum'     => 0,
					'maximum'     => 99999999,
					'context'     => array( 'view', 'edit' ),
				),
				'roof_type'        => $text( __( 'Roof type.', 'solar-capture' ), 32 ),
				'homeowner'        => array(
					'description' => __( 'Whether the lead owns the home; null when unknown.', 'solar-capture' ),
					'type'        => array( 'boolean', 'null' ),
					'context'     => array( 'view', 'edit' ),
				),
				'message'          => array(
					'description' => __( 'Message from the quote form (single lead only).', 'solar-capture' ),
					'type'        => 'string',
					'maxLength'   => 10000,
					'context'     => array( 'view', 'edit' ),
					'arg_options' => array( 'sanitize_callback' => 'sanitize_textarea_field' ),
				),
				'source'           => array(
					'description' => __( 'Where the lead came from: form, calcom, calendly, orufy, generic or a tool named by a generic delivery.', 'solar-capture' ),
					'type'        => 'string',
					'context'     => array( 'view', 'edit' ),
					'readonly'    => true,
				),
				'stage'            => array(
					'description' => __( 'Pipeline stage.', 'solar-capture' ),
					'type'        => 'string',
					'enum'        => Pipeline::slugs(),
					'context'     => array( 'view', 'edit' ),
				),
				'stage_label'      => array(
					'description' => __( 'Translated name of the stage.', 'solar-capture' ),
					'type'        => 'string',
					'context'     => array( 'view', 'edit' ),
					'readonly'    => true,
				),
				'stage_changed_at' => $datetime( __( 'When the stage last changed (UTC).', 'solar-capture' ) ),
				'next_booking_at'  => $datetime( __( 'Start of the next upcoming booking (UTC).', 'solar-capture' ) ),
				'created_at'       => $datetime( __( 'When the lead was created (UTC).', 'solar-capture' ) ),
				'updated_at'       => $datetime( __( 'When the lead last changed (UTC).', 'solar-capture' ) ),
				'bookings'         => array(
					'description' => __( 'The lead\'s bookings, latest first (single lead only).', 'solar-capture' ),
					'type'        => 'array',
					'context'     => array( 'view', 'edit' ),
					'readonly'    => true,
					'items'       => array( 'type' => 'object' ),
				),
				'events'           => array(
					'description' => __( 'The lead\'s timeline, newest first (single lead only).', 'solar-capture' ),
					'type'        => 'array',
					'context'     => array( 'view', 'edit' ),
					'readonly'    => true,
					'items'       => array( 'type' => 'object' ),
				),
			),
		);

		return $this->add_additional_fields_schema( $this->schema );
	}
}
