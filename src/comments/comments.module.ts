import { Global, Module } from '@nestjs/common';
import { CommentLedger } from './comment-ledger';
import { CommentsController } from './comments.controller';
import { CommentsService } from './comments.service';
import { FirstPageCache } from './first-page-cache';

@Global()
@Module({ controllers: [CommentsController], providers: [CommentsService, CommentLedger, FirstPageCache], exports: [CommentsService, CommentLedger, FirstPageCache] })
export class CommentsModule {}
