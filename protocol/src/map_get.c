/*
 * map_get.c - look up a key in an unpacked MessagePack map: what every
 * reader of results and replies needs (the client's send, analyze, stats;
 * the tests).
 */
#include <string.h>

#include "textpipe/tp_protocol.h"

const msgpack_object *tp_msgpack_map_get(const msgpack_object *map,
                                         const char *key)
{
    size_t len = strlen(key);
    if (!map || map->type != MSGPACK_OBJECT_MAP)
        return NULL;
    for (uint32_t i = 0; i < map->via.map.size; i++) {
        const msgpack_object *k = &map->via.map.ptr[i].key;
        if (k->type == MSGPACK_OBJECT_STR && k->via.str.size == len &&
            memcmp(k->via.str.ptr, key, len) == 0)
            return &map->via.map.ptr[i].val;
    }
    return NULL;
}
