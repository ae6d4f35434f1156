import { Global, Module } from '@nestjs/common';
import { CommentLedger } from './comment-ledger';
import { CommentsController } from './comments.controller';
import { CommentsService } from './comments.service';

@Global()
@Module({ controllers: [CommentsController], providers: [CommentsService, CommentLedger], exports: [CommentsService, CommentLedger] })
export class CommentsModule {}
