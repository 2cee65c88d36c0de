/*
 * job_queue.c - jobs and the FIFO queues that carry them between the loop
 * thread and the workers. The queues are not bounded themselves: the loop
 * bounds the number of jobs alive (max_inflight) by not reading the input
 * socket, which is what pushes back on producers.
 */
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

tp_job *tp_job_new(void)
{
    tp_job *job = calloc(1, sizeof *job);
    if (!job)
        return NULL;
    zmq_msg_init(&job->msg);
    msgpack_sbuffer_init(&job->out.body);
    return job;
}

void tp_job_free(tp_job *job)
{
    if (!job)
        return;
    zmq_msg_close(&job->msg);
    msgpack_sbuffer_destroy(&job->out.body);
    free(job);
}

void tp_job_queue_init(tp_job_queue *q)
{
    memset(q, 0, sizeof *q);
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->nonempty, NULL);
}

void tp_job_queue_destroy(tp_job_queue *q)
{
    tp_job *job = q->head;
    while (job) {
        tp_job *next = job->next;
        tp_job_free(job);
        job = next;
    }
    pthread_mutex_destroy(&q->lock);
    pthread_cond_destroy(&q->nonempty);
}

void tp_job_queue_push(tp_job_queue *q, tp_job *job)
{
    job->next = NULL;
    pthread_mutex_lock(&q->lock);
    if (q->tail)
        q->tail->next = job;
    else
        q->head = job;
    q->tail = job;
    q->length++;
    pthread_cond_signal(&q->nonempty);
    pthread_mutex_unlock(&q->lock);
}

tp_job *tp_job_queue_pop_wait(tp_job_queue *q)
{
    tp_job *job;
    pthread_mutex_lock(&q->lock);
    while (!q->head && !q->closed)
        pthread_cond_wait(&q->nonempty, &q->lock);
    job = q->head;
    if (job) {
        q->head = job->next;
        if (!q->head)
            q->tail = NULL;
        q->length--;
        job->next = NULL;
    }
    pthread_mutex_unlock(&q->lock);
    return job;
}

tp_job *tp_job_queue_take_all(tp_job_queue *q)
{
    tp_job *jobs;
    pthread_mutex_lock(&q->lock);
    jobs = q->head;
    q->head = q->tail = NULL;
    q->length = 0;
    pthread_mutex_unlock(&q->lock);
    return jobs;
}

void tp_job_queue_close(tp_job_queue *q)
{
    pthread_mutex_lock(&q->lock);
    q->closed = 1;
    pthread_cond_broadcast(&q->nonempty);
    pthread_mutex_unlock(&q->lock);
}
